package io.aerys.websocket.server;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the upgrade of one client left for its connection: its id, the path variables and what
 * {@code @OnHandshake} returned. Kept in the session attributes.
 *
 * @param clientId the id given to the client
 * @param pathVariables the template variables of the path
 * @param data the handshake data, or {@code null}
 */
record Handshake(long clientId, Map<String, String> pathVariables, @Nullable Object data) {

	static final String ATTRIBUTE = Handshake.class.getName();

}
