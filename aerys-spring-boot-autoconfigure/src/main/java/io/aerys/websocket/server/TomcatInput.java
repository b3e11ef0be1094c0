package io.aerys.websocket.server;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;

import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;

/**
 * What Tomcat has read from a client and not yet processed: the frames behind the one it is
 * delivering. Tomcat reads as much as the socket holds into its frame input buffer, then hands
 * the frames to the message handler one by one on the same thread; a reply to a message with
 * another one already read behind it can wait in the output buffer and leave with the next
 * reply, one socket write for both. The Jakarta API does not tell what was read, so this reaches
 * two members: the session's {@code wsFrame} and that frame reader's {@code inputBuffer}. If they
 * are not there (another container, another Tomcat), {@link #of} returns {@code null} and every
 * reply is written on its own.
 */
final class TomcatInput {

	private static final int OPCODE_TEXT = 0x1;

	private static final int OPCODE_BINARY = 0x2;

	private static final int MASK_BYTES = 4;

	private static final @Nullable Handles handles = Handles.find();

	private final ByteBuffer input;

	private TomcatInput(ByteBuffer input) {
		this.input = input;
	}

	/**
	 * Return what Tomcat has read from a session, if its container is a Tomcat whose internals are
	 * known.
	 * @param session the session, once open
	 * @return its input, or {@code null}
	 */
	static @Nullable TomcatInput of(Session session) {
		Handles found = handles;
		if (found == null || !found.session.isInstance(session)) {
			return null;
		}
		try {
			Object frame = found.frame.invoke(session);
			ByteBuffer input = (frame != null) ? (ByteBuffer) found.input.invoke(frame) : null;
			return (input != null) ? new TomcatInput(input) : null;
		}
		catch (Throwable ex) {
			return null;
		}
	}

	/**
	 * Return whether a whole data message in a single frame is read and waits behind the frame
	 * being delivered, so that Tomcat delivers it next on this thread. Only on the thread that
	 * delivers a message, once its last frame is read whole.
	 * @return whether the next message is read
	 */
	boolean nextMessageRead() {
		return holdsWholeDataFrame(this.input);
	}

	/**
	 * Return whether a buffer, from its position to its limit, starts with a whole final text or
	 * binary frame from a client (masked), header and payload.
	 * @param input the bytes read and not yet processed; only read, never moved
	 * @return whether the frame is whole
	 */
	static boolean holdsWholeDataFrame(ByteBuffer input) {
		int position = input.position();
		long available = input.limit() - position;
		if (available < 2) {
			return false;
		}
		int first = input.get(position);
		int second = input.get(position + 1);
		int opcode = first & 0x0F;
		boolean fin = (first & 0x80) != 0;
		boolean masked = (second & 0x80) != 0;
		if (!fin || !masked || (opcode != OPCODE_TEXT && opcode != OPCODE_BINARY)) {
			return false;
		}
		long length = second & 0x7F;
		int header = 2;
		if (length == 126) {
			if (available < 4) {
				return false;
			}
			length = input.getShort(position + 2) & 0xFFFF;
			header = 4;
		}
		else if (length == 127) {
			if (available < 10) {
				return false;
			}
			length = input.getLong(position + 2);
			header = 10;
			if (length < 0) {
				return false;
			}
		}
		return available - header - MASK_BYTES >= length;
	}

	private record Handles(Class<?> session, MethodHandle frame, MethodHandle input) {

		static @Nullable Handles find() {
			try {
				ClassLoader loader = TomcatInput.class.getClassLoader();
				Class<?> session = Class.forName("org.apache.tomcat.websocket.WsSession", false, loader);
				Class<?> frame = Class.forName("org.apache.tomcat.websocket.WsFrameBase", false, loader);
				MethodHandle frameGetter = MethodHandles.privateLookupIn(session, MethodHandles.lookup())
					.findGetter(session, "wsFrame", frame)
					.asType(MethodType.methodType(Object.class, Object.class));
				MethodHandle inputGetter = MethodHandles.privateLookupIn(frame, MethodHandles.lookup())
					.findGetter(frame, "inputBuffer", ByteBuffer.class)
					.asType(MethodType.methodType(ByteBuffer.class, Object.class));
				return new Handles(session, frameGetter, inputGetter);
			}
			catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
				return null;
			}
		}

	}

}
