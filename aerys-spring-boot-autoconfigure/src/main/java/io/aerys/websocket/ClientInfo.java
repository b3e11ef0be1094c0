package io.aerys.websocket;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * An immutable snapshot of one client of an endpoint.
 *
 * @param id the client id, unique in the application for its lifetime
 * @param endpointPath the declared path pattern of the endpoint
 * @param remoteAddress the address of the client, if known
 * @param principal the authenticated user of the upgrade request, if any
 * @param subprotocol the negotiated subprotocol, if any
 * @param handshakeHeaders the headers of the upgrade request
 * @param connectedAt when the connection was opened
 * @param lastActivityAt when the client last received or sent a message (a send is noted at the
 * server's next periodic look at its clients, at most a second later)
 * @param messagesReceived messages received from the client
 * @param messagesSent messages written to the client
 * @param bytesReceived payload bytes received from the client
 * @param bytesSent payload bytes written to the client
 */
public record ClientInfo(long id, String endpointPath, @Nullable InetSocketAddress remoteAddress,
		@Nullable Principal principal, @Nullable String subprotocol, HttpHeaders handshakeHeaders,
		Instant connectedAt, Instant lastActivityAt, long messagesReceived, long messagesSent, long bytesReceived,
		long bytesSent) {

}
