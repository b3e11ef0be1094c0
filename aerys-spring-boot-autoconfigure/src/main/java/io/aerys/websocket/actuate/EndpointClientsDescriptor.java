package io.aerys.websocket.actuate;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.aerys.websocket.ClientInfo;
import io.aerys.websocket.server.DefaultEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * One WebSocket endpoint with its clients. Handshake headers are left out: they may carry
 * credentials.
 *
 * @param id the bean name
 * @param path the declared path pattern
 * @param clients the connected clients
 */
public record EndpointClientsDescriptor(String id, String path, List<ClientDescriptor> clients) {

	static EndpointClientsDescriptor of(DefaultEndpoint endpoint) {
		List<ClientDescriptor> clients = endpoint.clients()
			.stream()
			.map(endpoint::client)
			.flatMap(Optional::stream)
			.map(ClientDescriptor::of)
			.sorted(Comparator.comparingLong(ClientDescriptor::id))
			.toList();
		return new EndpointClientsDescriptor(endpoint.beanName(), endpoint.path(), clients);
	}

	/**
	 * One client, from its {@link ClientInfo}.
	 *
	 * @param id the client id
	 * @param remoteAddress the address of the client
	 * @param principal the name of the authenticated user
	 * @param subprotocol the negotiated subprotocol
	 * @param connectedAt when it connected
	 * @param lastActivityAt when it last received or sent a message
	 * @param messagesReceived messages received from it
	 * @param messagesSent messages written to it
	 * @param bytesReceived payload bytes received from it
	 * @param bytesSent payload bytes written to it
	 */
	public record ClientDescriptor(long id, @Nullable String remoteAddress, @Nullable String principal,
			@Nullable String subprotocol, Instant connectedAt, Instant lastActivityAt, long messagesReceived,
			long messagesSent, long bytesReceived, long bytesSent) {

		static ClientDescriptor of(ClientInfo info) {
			return new ClientDescriptor(info.id(),
					(info.remoteAddress() != null) ? info.remoteAddress().toString() : null,
					(info.principal() != null) ? info.principal().getName() : null, info.subprotocol(),
					info.connectedAt(), info.lastActivityAt(), info.messagesReceived(), info.messagesSent(),
					info.bytesReceived(), info.bytesSent());
		}

	}

}
