package io.aerys.websocket.invoke;

import java.security.Principal;
import java.util.Map;

import io.aerys.websocket.ClientInfo;
import org.jspecify.annotations.Nullable;

/**
 * What callbacks of one client may ask for about it.
 */
public interface ClientContext {

	/**
	 * Return the client id, boxed once for the client's lifetime.
	 * @return the id
	 */
	Long id();

	/**
	 * Return a snapshot of the client.
	 * @return the snapshot
	 */
	ClientInfo info();

	/**
	 * Return the authenticated user of the upgrade request.
	 * @return the principal, or {@code null}
	 */
	@Nullable Principal principal();

	/**
	 * Return the template variables of the path the client connected to.
	 * @return the variables by name
	 */
	Map<String, String> pathVariables();

	/**
	 * Return what {@code @OnHandshake} returned for the client.
	 * @return the handshake data, or {@code null}
	 */
	@Nullable Object handshakeData();

}
