package io.aerys.websocket.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * Writes one message at a time to a client without blocking the caller: through the container's
 * asynchronous Jakarta WebSocket API when it has one, else on an executor.
 */
abstract class Transport {

	private static final boolean jakartaPresent = ClassUtils.isPresent("jakarta.websocket.Session",
			Transport.class.getClassLoader());

	private static final boolean tomcatPresent = ClassUtils.isPresent("org.apache.tomcat.websocket.WsSession",
			Transport.class.getClassLoader());

	/**
	 * The most characters Tomcat's text buffer of one client grows to (64 KiB of heap). Tomcat's
	 * buffer is 8,192 characters unless configured, and a message larger than it arrives in parts,
	 * which the starter joins: a second copy of the message. A client whose message came in
	 * parts gets a buffer for the next ones, sized from that message: memory only for the
	 * clients that send large messages, never for every connection up front.
	 */
	static final int MAX_TEXT_BUFFER = 32 * 1024;

	private static final int TEXT_BUFFER_STEP = 4 * 1024;

	/**
	 * Start writing a message; {@code done} runs once, possibly before this method returns.
	 * @param message a text or binary message
	 * @param done told the failure, or {@code null} once written
	 */
	abstract void write(Outgoing message, Consumer<@Nullable Throwable> done);

	/**
	 * Return whether {@link #write(List, Consumer)} puts several messages into one socket
	 * write without blocking.
	 * @return whether batches are written as one
	 */
	boolean batches() {
		return false;
	}

	/**
	 * Start writing messages in order without blocking, as few socket writes as the container's
	 * buffer allows; {@code done} runs once, possibly before this method returns. Only if
	 * {@link #batches()}.
	 * @param messages text or binary messages
	 * @param done told the failure, or {@code null} once all are written
	 */
	void write(List<Outgoing> messages, Consumer<@Nullable Throwable> done) {
		throw new UnsupportedOperationException("Batches are not supported");
	}

	/**
	 * Write a message on the calling thread, waiting while the socket is full.
	 * @param message a text or binary message
	 * @return the failure, or {@code null} once written
	 */
	@Nullable Throwable writeInPlace(Outgoing message) {
		return (message.text() != null) ? writeTextInPlace(message.text())
				: writeBinaryInPlace(message.binary().duplicate());
	}

	/**
	 * Write a text message on the calling thread, waiting while the socket is full.
	 * @param text the text
	 * @return the failure, or {@code null} once written
	 */
	abstract @Nullable Throwable writeTextInPlace(String text);

	/**
	 * Write a binary message on the calling thread, waiting while the socket is full.
	 * @param data the bytes, which the write consumes
	 * @return the failure, or {@code null} once written
	 */
	abstract @Nullable Throwable writeBinaryInPlace(ByteBuffer data);

	/**
	 * Write messages on the calling thread, in order, waiting while the socket is full; the
	 * container may put them into fewer socket writes.
	 * @param messages text or binary messages
	 * @return the failure, or {@code null} once all are written
	 */
	@Nullable Throwable writeInPlace(List<Outgoing> messages) {
		for (Outgoing message : messages) {
			Throwable failure = writeInPlace(message);
			if (failure != null) {
				return failure;
			}
		}
		return null;
	}

	/**
	 * Return whether the container has read the client's next message already, whole, and will
	 * deliver it right after the current one, on the calling thread: a reply to the current one
	 * may then {@link #writeTextBatched wait} for the next reply. Only on the thread delivering a
	 * message whose last part it is.
	 * @return whether the next message is read
	 */
	boolean nextMessageRead() {
		return false;
	}

	/**
	 * Return the size of the frame being delivered, while its data is delivered on the calling
	 * thread: for a text message that arrives in one part, its length in UTF-8, which then need
	 * not be counted.
	 * @return the size in bytes, or -1 if the container does not tell
	 */
	long frameBytes() {
		return -1;
	}

	/**
	 * Write a text message on the calling thread into the container's output buffer, which goes
	 * to the socket when it fills or at {@link #flushBatch()}. Only after {@link #nextMessageRead()}.
	 * @param text the text
	 * @return the failure, or {@code null} once buffered or written
	 */
	@Nullable Throwable writeTextBatched(String text) {
		return writeTextInPlace(text);
	}

	/**
	 * Write what {@link #writeTextBatched} left in the output buffer, on the calling thread,
	 * waiting while the socket is full.
	 * @return the failure, or {@code null} once written
	 */
	@Nullable Throwable flushBatch() {
		return null;
	}

	/**
	 * Stop batching without writing, once the connection is gone.
	 */
	void abandonBatch() {
	}

	/**
	 * Close the connection with a status.
	 * @param status the close status
	 * @throws IOException if the close frame cannot be written
	 */
	abstract void close(CloseStatus status) throws IOException;

	/**
	 * Close the connection, letting the close frame wait for room in the socket this long; Tomcat
	 * otherwise gives a close code other than 1000 only 50 ms before it drops the connection.
	 * @param status the close status
	 * @param frameTimeout how long the close frame may wait
	 * @throws IOException if the close frame cannot be written
	 */
	void close(CloseStatus status, Duration frameTimeout) throws IOException {
		close(status);
	}

	/**
	 * Stop reading from the client, if the container can.
	 * @return whether reading was paused
	 */
	boolean pauseReading() {
		return false;
	}

	/**
	 * Read from the client again.
	 */
	void resumeReading() {
	}

	/**
	 * Note a text message of this many characters that arrived in parts: on Tomcat, the client's
	 * next messages arrive whole up to this size, within {@link #MAX_TEXT_BUFFER}. A container
	 * that cannot do so ignores it.
	 * @param length the length of the message, in characters
	 */
	void textArrivedInParts(int length) {
	}

	/**
	 * Return the size of Tomcat's text buffer for a client whose message of this many characters
	 * arrived in parts: the message with some room to spare, at most {@link #MAX_TEXT_BUFFER},
	 * never smaller than it is.
	 * @param length the length of the message, in characters
	 * @param current the size of the buffer now, in characters
	 * @return the size in characters
	 */
	static int textBufferFor(int length, int current) {
		long wanted = ((long) length / TEXT_BUFFER_STEP + 1) * TEXT_BUFFER_STEP;
		return (int) Math.max(current, Math.min(wanted, MAX_TEXT_BUFFER));
	}

	static Transport of(WebSocketSession session, Executor executor, Duration sendTimeLimit) {
		if (jakartaPresent && session instanceof NativeWebSocketSession nativeSession
				&& nativeSession.getNativeSession() instanceof Session jakartaSession) {
			return new JakartaTransport(session, jakartaSession, sendTimeLimit);
		}
		return new BlockingTransport(session, executor);
	}

	private static final class JakartaTransport extends Transport {

		private final WebSocketSession session;

		private final Session nativeSession;

		private final @Nullable TomcatBatching batching;

		private final @Nullable TomcatInput input;

		JakartaTransport(WebSocketSession session, Session nativeSession, Duration sendTimeLimit) {
			this.session = session;
			this.nativeSession = nativeSession;
			this.batching = TomcatBatching.of(nativeSession);
			// Replies held for the next message need Tomcat's batching, to begin and to abandon.
			this.input = (this.batching != null) ? TomcatInput.of(nativeSession) : null;
			// A write in place gives up a little after the watchdog has dropped its client as slow.
			nativeSession.getUserProperties()
				.put("org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT", sendTimeLimit.toMillis() + 2000);
		}

		@Override
		@Nullable Throwable writeTextInPlace(String text) {
			try {
				// As Spring's StandardWebSocketSession sends a whole message.
				this.nativeSession.getBasicRemote().sendText(text, true);
				return null;
			}
			catch (IOException | RuntimeException ex) {
				return ex;
			}
		}

		@Override
		boolean nextMessageRead() {
			return this.input != null && this.input.nextMessageRead();
		}

		@Override
		long frameBytes() {
			return (this.input != null) ? this.input.frameBytes() : -1;
		}

		/**
		 * Write as {@link #writeTextInPlace} does, with Tomcat's batching allowed: the text stays in
		 * the output buffer. There is a next message read only where there is Tomcat's batching.
		 */
		@Override
		@Nullable Throwable writeTextBatched(String text) {
			if (this.batching != null) {
				this.batching.begin();
			}
			return writeTextInPlace(text);
		}

		@Override
		@Nullable Throwable flushBatch() {
			try {
				// Tomcat writes the output buffer, blocking, when batching stops.
				this.nativeSession.getBasicRemote().setBatchingAllowed(false);
				return null;
			}
			catch (IOException | RuntimeException ex) {
				return ex;
			}
		}

		@Override
		void abandonBatch() {
			if (this.batching != null) {
				this.batching.abandon();
			}
		}

		@Override
		@Nullable Throwable writeBinaryInPlace(ByteBuffer data) {
			try {
				this.nativeSession.getBasicRemote().sendBinary(data);
				return null;
			}
			catch (IOException | RuntimeException ex) {
				return ex;
			}
		}

		/**
		 * Write the messages into the container's output buffer, which goes to the socket each
		 * time it fills and once at the end, rather than once per message.
		 */
		@Override
		@Nullable Throwable writeInPlace(List<Outgoing> messages) {
			RemoteEndpoint.Basic remote = this.nativeSession.getBasicRemote();
			try {
				remote.setBatchingAllowed(true);
				try {
					for (Outgoing message : messages) {
						send(remote, message);
					}
				}
				finally {
					remote.setBatchingAllowed(false);
				}
				return null;
			}
			catch (IOException | RuntimeException ex) {
				return ex;
			}
		}

		private static void send(RemoteEndpoint.Basic remote, Outgoing message) throws IOException {
			if (message.text() != null) {
				// As Spring's StandardWebSocketSession sends a whole message.
				remote.sendText(message.text(), true);
			}
			else {
				remote.sendBinary(message.binary().duplicate());
			}
		}

		@Override
		void write(Outgoing message, Consumer<@Nullable Throwable> done) {
			SendHandler handler = (result) -> done.accept(result.getException());
			try {
				sendAsync(message, handler);
			}
			catch (RuntimeException ex) {
				done.accept(ex);
			}
		}

		private void sendAsync(Outgoing message, SendHandler handler) {
			if (message.text() != null) {
				this.nativeSession.getAsyncRemote().sendText(message.text(), handler);
			}
			else {
				this.nativeSession.getAsyncRemote().sendBinary(message.binary().duplicate(), handler);
			}
		}

		@Override
		boolean batches() {
			return this.batching != null;
		}

		@Override
		void write(List<Outgoing> messages, Consumer<@Nullable Throwable> done) {
			Assert.state(this.batching != null, "Batches need Tomcat's batching");
			new BatchSend(this.batching, messages, done).start();
		}

		/**
		 * Sends the messages of one batch into Tomcat's output buffer one after the other (a send
		 * that fits completes at once; one that fills the buffer writes it and completes later, on
		 * another thread, which goes on), then flushes the buffer.
		 */
		private final class BatchSend implements SendHandler {

			private static final int WRITING = 0;

			private static final int RETURNED = 1;

			private static final int COMPLETED = 2;

			private final TomcatBatching batching;

			private final List<Outgoing> messages;

			private final Consumer<@Nullable Throwable> done;

			private final AtomicInteger phase = new AtomicInteger();

			private int next;

			BatchSend(TomcatBatching batching, List<Outgoing> messages, Consumer<@Nullable Throwable> done) {
				this.batching = batching;
				this.messages = messages;
				this.done = done;
			}

			void start() {
				this.batching.begin();
				sendFromNext();
			}

			private void sendFromNext() {
				while (this.next < this.messages.size()) {
					Outgoing message = this.messages.get(this.next++);
					this.phase.set(WRITING);
					try {
						sendAsync(message, this);
					}
					catch (RuntimeException ex) {
						this.batching.abandon();
						this.done.accept(ex);
						return;
					}
					if (this.phase.compareAndSet(WRITING, RETURNED)) {
						// The send goes on; its completion carries on.
						return;
					}
				}
				try {
					this.batching.flush((result) -> this.done.accept(result.getException()));
				}
				catch (RuntimeException ex) {
					this.done.accept(ex);
				}
			}

			@Override
			public void onResult(SendResult result) {
				if (!result.isOK()) {
					// Inside the send, the loop sees WRITING and stops; after it, nobody goes on.
					this.batching.abandon();
					this.done.accept(result.getException());
					return;
				}
				if (!this.phase.compareAndSet(WRITING, COMPLETED)) {
					sendFromNext();
				}
			}

		}

		/**
		 * Close the session. A batch still in Tomcat's output buffer, behind a write that a client
		 * which stopped reading never ends, is given up first: Tomcat's close would otherwise flush
		 * it, blocking for the whole blocking send timeout before the close frame.
		 */
		@Override
		void close(CloseStatus status) throws IOException {
			if (this.batching != null) {
				this.batching.abandon();
			}
			this.session.close(status);
		}

		@Override
		void close(CloseStatus status, Duration frameTimeout) throws IOException {
			this.nativeSession.getUserProperties()
				.put("org.apache.tomcat.websocket.ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT", frameTimeout.toMillis());
			close(status);
		}

		/**
		 * Return the session as Tomcat's, for what only Tomcat can do.
		 * @return the session, or {@code null} on another container
		 */
		private org.apache.tomcat.websocket.@Nullable WsSession tomcatSession() {
			return (tomcatPresent && this.nativeSession instanceof org.apache.tomcat.websocket.WsSession tomcatSession)
					? tomcatSession : null;
		}

		@Override
		boolean pauseReading() {
			org.apache.tomcat.websocket.WsSession tomcatSession = tomcatSession();
			if (tomcatSession == null) {
				return false;
			}
			tomcatSession.suspend();
			return true;
		}

		@Override
		void resumeReading() {
			org.apache.tomcat.websocket.WsSession tomcatSession = tomcatSession();
			if (tomcatSession != null) {
				tomcatSession.resume();
			}
		}

		/**
		 * Grow Tomcat's text buffer of the client, which Tomcat sizes again when the next message
		 * starts. Only on Tomcat: other containers take this setting as a limit on the message.
		 */
		@Override
		void textArrivedInParts(int length) {
			org.apache.tomcat.websocket.WsSession tomcatSession = tomcatSession();
			if (tomcatSession == null) {
				return;
			}
			int current = tomcatSession.getMaxTextMessageBufferSize();
			int size = textBufferFor(length, current);
			if (size != current) {
				tomcatSession.setMaxTextMessageBufferSize(size);
			}
		}

	}

	private static final class BlockingTransport extends Transport {

		private final WebSocketSession session;

		private final Executor executor;

		BlockingTransport(WebSocketSession session, Executor executor) {
			this.session = session;
			this.executor = executor;
		}

		@Override
		void write(Outgoing message, Consumer<@Nullable Throwable> done) {
			this.executor.execute(() -> {
				try {
					this.session.sendMessage(webSocketMessage(message));
					done.accept(null);
				}
				catch (IOException | RuntimeException ex) {
					done.accept(ex);
				}
			});
		}

		@Override
		@Nullable Throwable writeTextInPlace(String text) {
			return sendInPlace(new TextMessage(text));
		}

		@Override
		@Nullable Throwable writeBinaryInPlace(ByteBuffer data) {
			return sendInPlace(new BinaryMessage(data));
		}

		private @Nullable Throwable sendInPlace(WebSocketMessage<?> message) {
			try {
				this.session.sendMessage(message);
				return null;
			}
			catch (IOException | RuntimeException ex) {
				return ex;
			}
		}

		private static WebSocketMessage<?> webSocketMessage(Outgoing message) {
			return (message.text() != null) ? new TextMessage(message.text())
					: new BinaryMessage(message.binary().duplicate());
		}

		@Override
		void close(CloseStatus status) throws IOException {
			this.session.close(status);
		}

	}

}
