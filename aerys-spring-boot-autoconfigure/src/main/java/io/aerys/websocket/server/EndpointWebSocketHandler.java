package io.aerys.websocket.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Adapts one endpoint to Spring's {@link WebSocketHandler}. Messages arrive in parts (so the
 * container never sets aside a buffer as large as the limit), are put together within the limits
 * and handed to the client's mailbox; a message too large closes the client with 1009.
 */
final class EndpointWebSocketHandler implements WebSocketHandler {

	private static final String CLIENT_ATTRIBUTE = Client.class.getName();

	private final DefaultEndpoint endpoint;

	EndpointWebSocketHandler(DefaultEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		Handshake handshake = (Handshake) session.getAttributes().get(Handshake.ATTRIBUTE);
		Client client = new Client(this.endpoint, session, handshake, this.endpoint.runtime());
		session.getAttributes().put(CLIENT_ATTRIBUTE, client);
		this.endpoint.register(client);
		this.endpoint.stats().open();
		if (this.endpoint.state() != EndpointState.RUNNING) {
			client.close(CloseStatus.GOING_AWAY);
			return;
		}
		client.mailbox.run(() -> this.endpoint.invoker().open(client));
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
		Client client = (Client) session.getAttributes().get(CLIENT_ATTRIBUTE);
		long now = client.frameReceived(message.isLast());
		if (message instanceof PongMessage || client.isClosing()) {
			return;
		}
		if (this.endpoint.invoker().callbacks().streamsMessages()) {
			stream(client, message);
			return;
		}
		Object payload;
		try {
			payload = (message instanceof TextMessage text) ? client.assembler.text(text.getPayload(), text.isLast())
					: client.assembler.binary(((BinaryMessage) message).getPayload(), message.isLast());
		}
		catch (MessageTooLargeException ex) {
			this.endpoint.tooLarge(client, ex);
			return;
		}
		if (payload != null) {
			long size = client.assembler.lastSize();
			client.received(message instanceof BinaryMessage, size, now);
			client.mailbox.run(client.onMessage, payload, size);
			client.settleIfRetired();
			client.pauseReadingIfBehind();
		}
	}

	private void stream(Client client, WebSocketMessage<?> message) {
		byte[] part = (message instanceof TextMessage text) ? text.getPayload().getBytes(StandardCharsets.UTF_8)
				: copy(((BinaryMessage) message).getPayload());
		try {
			client.streams.add(client, part, message instanceof BinaryMessage, message.isLast());
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
		Client client = (Client) session.getAttributes().get(CLIENT_ATTRIBUTE);
		if (client != null) {
			client.streams.abandon();
			client.mailbox.runAsync(() -> this.endpoint.invoker().closed(client, closeStatus));
		}
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

}
