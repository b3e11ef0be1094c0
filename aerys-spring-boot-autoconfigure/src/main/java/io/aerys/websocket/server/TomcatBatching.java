package io.aerys.websocket.server;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;

/**
 * Tomcat's output buffer used for batches that never block. Messages sent asynchronously while
 * batching is allowed are copied into the buffer, and their completion runs at once; one
 * asynchronous flush then writes them all. Tomcat's public API allows batching but flushes only by
 * blocking the caller ({@code flushBatch()}, {@code setBatchingAllowed(false)}), so this reaches two
 * members of its {@code WsRemoteEndpointImplBase}: the {@code batchingAllowed} flag and the
 * package-private {@code startMessage} with its internal flush opcode, which {@code flushBatch()}
 * itself uses. If they are not there (another container, another Tomcat), {@link #of} returns
 * {@code null} and every message is written on its own.
 */
final class TomcatBatching {

	/** Tomcat's {@code Constants.INTERNAL_OPCODE_FLUSH}. */
	private static final byte FLUSH = 0x18;

	private static final @Nullable Handles handles = Handles.find();

	private final Object remote;

	private final AtomicBoolean batchingAllowed;

	private final MethodHandle startMessage;

	private TomcatBatching(Object remote, AtomicBoolean batchingAllowed, MethodHandle startMessage) {
		this.remote = remote;
		this.batchingAllowed = batchingAllowed;
		this.startMessage = startMessage;
	}

	/**
	 * Return the batching of a session, if its container is a Tomcat whose internals are known.
	 * @param session the session
	 * @return the batching, or {@code null}
	 */
	static @Nullable TomcatBatching of(Session session) {
		Handles found = handles;
		if (found == null || !found.session.isInstance(session)) {
			return null;
		}
		try {
			Object remote = found.remote.invoke(session);
			AtomicBoolean batchingAllowed = (AtomicBoolean) found.batchingAllowed.invoke(remote);
			return (remote != null && batchingAllowed != null) ? new TomcatBatching(remote, batchingAllowed,
					found.startMessage) : null;
		}
		catch (Throwable ex) {
			return null;
		}
	}

	/**
	 * Let the messages sent from now on wait in the output buffer. Only the thread that holds the
	 * client's outbox may call it, and it must write them ({@link #flush}, or Tomcat's blocking
	 * {@code setBatchingAllowed(false)}) or {@link #abandon} them before letting go.
	 */
	void begin() {
		this.batchingAllowed.set(true);
	}

	/**
	 * Stop batching and write what the output buffer holds, without blocking.
	 * @param handler told once the buffer is written, usually on another thread
	 */
	void flush(SendHandler handler) {
		this.batchingAllowed.set(false);
		try {
			this.startMessage.invokeExact(this.remote, FLUSH, (ByteBuffer) null, true, handler);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Stop batching without writing, once the connection failed.
	 */
	void abandon() {
		this.batchingAllowed.set(false);
	}

	private record Handles(Class<?> session, MethodHandle remote, MethodHandle batchingAllowed,
			MethodHandle startMessage) {

		static @Nullable Handles find() {
			try {
				ClassLoader loader = TomcatBatching.class.getClassLoader();
				Class<?> session = Class.forName("org.apache.tomcat.websocket.WsSession", false, loader);
				Class<?> base = Class.forName("org.apache.tomcat.websocket.WsRemoteEndpointImplBase", false, loader);
				MethodHandles.Lookup sessionLookup = MethodHandles.privateLookupIn(session, MethodHandles.lookup());
				MethodHandles.Lookup baseLookup = MethodHandles.privateLookupIn(base, MethodHandles.lookup());
				MethodHandle remote = sessionLookup.findGetter(session, "wsRemoteEndpoint", base)
					.asType(MethodType.methodType(Object.class, Object.class));
				MethodHandle batchingAllowed = baseLookup.findGetter(base, "batchingAllowed", AtomicBoolean.class)
					.asType(MethodType.methodType(AtomicBoolean.class, Object.class));
				MethodHandle startMessage = baseLookup
					.findVirtual(base, "startMessage",
							MethodType.methodType(void.class, byte.class, ByteBuffer.class, boolean.class,
									SendHandler.class))
					.asType(MethodType.methodType(void.class, Object.class, byte.class, ByteBuffer.class,
							boolean.class, SendHandler.class));
				return new Handles(session, remote, batchingAllowed, startMessage);
			}
			catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
				return null;
			}
		}

	}

}
