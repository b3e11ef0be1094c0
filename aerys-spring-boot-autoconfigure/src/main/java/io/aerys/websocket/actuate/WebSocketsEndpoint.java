package io.aerys.websocket.actuate;

import java.util.List;

import io.aerys.websocket.server.DefaultEndpoint;
import io.aerys.websocket.server.DefaultEndpoints;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code websockets} actuator endpoint: every WebSocket endpoint with its clients, and a way to
 * close one client.
 */
@Endpoint(id = "websockets")
public class WebSocketsEndpoint {

	/** The close code an administrator's close sends: policy violation. */
	static final int ADMINISTRATOR_CLOSE_CODE = 1008;

	static final String ADMINISTRATOR_CLOSE_REASON = "closed by administrator";

	private final DefaultEndpoints endpoints;

	public WebSocketsEndpoint(DefaultEndpoints endpoints) {
		this.endpoints = endpoints;
	}

	@ReadOperation
	public WebSocketEndpointsDescriptor endpoints() {
		return new WebSocketEndpointsDescriptor(
				this.endpoints.runtimes().stream().map(EndpointDescriptor::of).toList());
	}

	@ReadOperation
	public @Nullable EndpointClientsDescriptor endpoint(@Selector String id) {
		DefaultEndpoint endpoint = this.endpoints.byId(id);
		return (endpoint != null) ? EndpointClientsDescriptor.of(endpoint) : null;
	}

	@DeleteOperation
	public WebEndpointResponse<Void> close(@Selector String id, @Selector long clientId) {
		DefaultEndpoint endpoint = this.endpoints.byId(id);
		if (endpoint == null || endpoint.client(clientId).isEmpty()) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		endpoint.close(clientId, ADMINISTRATOR_CLOSE_CODE, ADMINISTRATOR_CLOSE_REASON);
		return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NO_CONTENT);
	}

	/**
	 * Every WebSocket endpoint of the application.
	 *
	 * @param endpoints the endpoints
	 */
	public record WebSocketEndpointsDescriptor(List<EndpointDescriptor> endpoints) {

	}

}
