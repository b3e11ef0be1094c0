package io.aerys.websocket.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ExceptionWebSocketHandlerDecorator;
import org.springframework.web.socket.handler.LoggingWebSocketHandlerDecorator;

/**
 * Adapts one endpoint to Spring's {@link WebSocketHandler}. Messages arrive in parts (so the
 * container never sets aside a buffer as large as the limit), are put together within the limits
 * and handed to the client's mailbox; a message too large closes the client with 1009. Each
 * connection gets a handler of its own ({@link #forConnection()}, given by
 * {@link ConnectionUpgradeStrategy}), which holds its client rather than finding it with every
 * message; this one stands for the endpoint in Spring's handshake only.
 */
final class EndpointWebSocketHandler implements WebSocketHandler {

	private final DefaultEndpoint endpoint;

	EndpointWebSocketHandler(DefaultEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Return a handler for one connection, which calls this one with its client.
	 * @return the handler
	 */
	WebSocketHandler forConnection() {
		return new ConnectionHandler(this);
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		throw perConnection();
	}

	private Client open(WebSocketSession session) {
		Handshake handshake = (Handshake) session.getAttributes().get(Handshake.ATTRIBUTE);
		Client client = new Client(this.endpoint, session, handshake, this.endpoint.runtime());
		this.endpoint.register(client);
		this.endpoint.stats().open();
		if (this.endpoint.state() != EndpointState.RUNNING) {
			client.close(CloseStatus.GOING_AWAY);
			return client;
		}
		client.mailbox.run(() -> this.endpoint.invoker().open(client));
		return client;
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
		throw perConnection();
	}

	/**
	 * Handle a part of a text message of a client that is not closing. The caller unwraps
	 * Spring's message, so that the message object ends with the caller whether or not the JIT
	 * inlines this method into it.
	 */
	private void handleText(Client client, String part, boolean last) {
		if (this.endpoint.invoker().callbacks().streamsMessages()) {
			stream(client, part.getBytes(StandardCharsets.UTF_8), false, last);
			return;
		}
		String text;
		try {
			text = client.assembler.text(part, last, client.transport().frameBytes());
		}
		catch (MessageTooLargeException ex) {
			this.endpoint.tooLarge(client, ex);
			return;
		}
		if (text != null) {
			if (client.assembler.lastTextInParts()) {
				client.transport().textArrivedInParts(text.length());
			}
			deliver(client, text, false);
		}
	}

	/**
	 * Handle a part of a binary message, as {@link #handleText} does.
	 */
	private void handleBinary(Client client, ByteBuffer part, boolean last) {
		if (this.endpoint.invoker().callbacks().streamsMessages()) {
			stream(client, copy(part), true, last);
			return;
		}
		ByteBuffer data;
		try {
			data = client.assembler.binary(part, last);
		}
		catch (MessageTooLargeException ex) {
			this.endpoint.tooLarge(client, ex);
			return;
		}
		if (data != null) {
			deliver(client, data, true);
		}
	}

	private void deliver(Client client, Object payload, boolean binary) {
		long size = client.assembler.lastSize();
		client.received(binary, size);
		client.mailbox.run(client, payload, size);
		client.settleIfRetired();
		client.pauseReadingIfBehind();
	}

	private void stream(Client client, byte[] part, boolean binary, boolean last) {
		try {
			client.streams.add(client, part, binary, last);
		}
		catch (MessageTooLargeException ex) {
			this.endpoint.tooLarge(client, ex);
		}
	}

	private static byte[] copy(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return bytes;
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		this.endpoint.runtime().logger().debug("Transport error on session " + session.getId(), exception);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
		throw perConnection();
	}

	private static IllegalStateException perConnection() {
		return new IllegalStateException("Connections of an endpoint are handled by forConnection()");
	}

	private void closed(@Nullable Client client, CloseStatus closeStatus) {
		if (client != null) {
			client.outbox.abandonBatch();
			client.streams.abandon();
			client.mailbox.runAsync(() -> this.endpoint.invoker().closed(client, closeStatus));
		}
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	/**
	 * The handler of one connection. The container calls it for one connection only, and its
	 * client is set before the first message. It handles its own failures as Spring's
	 * {@link ExceptionWebSocketHandlerDecorator} would (the session closes with 1011) and logs as
	 * its {@link LoggingWebSocketHandlerDecorator} does, instead of being wrapped in both: two more
	 * objects per connection, which every message would go through.
	 */
	private static final class ConnectionHandler implements WebSocketHandler {

		private static final Log logger = LogFactory.getLog(EndpointWebSocketHandler.class);

		private final EndpointWebSocketHandler handler;

		private @Nullable Client client;

		ConnectionHandler(EndpointWebSocketHandler handler) {
			this.handler = handler;
		}

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			if (logger.isDebugEnabled()) {
				logger.debug("New " + session);
			}
			try {
				this.client = this.handler.open(session);
			}
			catch (Exception ex) {
				ExceptionWebSocketHandlerDecorator.tryCloseWithError(session, ex, logger);
			}
		}

		@Override
		public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
			if (logger.isTraceEnabled()) {
				logger.trace("Handling " + message + " in " + session);
			}
			try {
				Client client = this.client;
				Assert.state(client != null, "No client before the connection was established");
				boolean last = message.isLast();
				boolean nextMessageRead = last && client.transport().nextMessageRead();
				client.outbox.startDelivery(nextMessageRead);
				try {
					// A pong is only counted as a frame.
					client.frameReceived(last);
					if (client.isClosing()) {
						return;
					}
					if (message instanceof TextMessage text) {
						this.handler.handleText(client, text.getPayload(), last);
					}
					else if (message instanceof BinaryMessage binary) {
						this.handler.handleBinary(client, binary.getPayload(), last);
					}
				}
				finally {
					client.outbox.endDelivery(nextMessageRead && client.readsOn());
				}
			}
			catch (Exception ex) {
				ExceptionWebSocketHandlerDecorator.tryCloseWithError(session, ex, logger);
			}
		}

		@Override
		public void handleTransportError(WebSocketSession session, Throwable exception) {
			this.handler.handleTransportError(session, exception);
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
			if (logger.isDebugEnabled()) {
				logger.debug(session + " closed with " + closeStatus);
			}
			try {
				this.handler.closed(this.client, closeStatus);
			}
			catch (Exception ex) {
				logger.warn("Unhandled exception after connection closed for " + session, ex);
			}
		}

		@Override
		public boolean supportsPartialMessages() {
			return true;
		}

	}

}
