package io.aerys.websocket;

import java.util.Collection;

/**
 * Every {@link Endpoint} of the application, for beans that send from outside an endpoint class
 * (a controller, a scheduled job).
 */
public interface Endpoints {

	/**
	 * Return the endpoint declared with this path pattern.
	 * @param path the declared path pattern, such as {@code /chat/{room}}
	 * @return the endpoint
	 * @throws IllegalArgumentException if no endpoint has this path; the message lists the known paths
	 */
	Endpoint get(String path);

	/**
	 * Return the endpoint implemented by this class.
	 * @param endpointClass the class annotated with {@link WebsocketEndpoint}
	 * @return the endpoint
	 * @throws IllegalArgumentException if no endpoint has this class; the message lists the known paths
	 */
	Endpoint get(Class<?> endpointClass);

	/**
	 * Return every endpoint.
	 * @return the endpoints
	 */
	Collection<Endpoint> all();

}
