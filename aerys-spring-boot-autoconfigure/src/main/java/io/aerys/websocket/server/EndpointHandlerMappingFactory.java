package io.aerys.websocket.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * Maps the path of every endpoint to its handshake and handler, without {@code @EnableWebSocket}.
 */
public final class EndpointHandlerMappingFactory {

	private EndpointHandlerMappingFactory() {
	}

	/**
	 * Create the handler mapping of every endpoint; it matches WebSocket upgrade requests only.
	 * @param endpoints the endpoints
	 * @return the handler mapping
	 */
	public static WebSocketHandlerMapping create(DefaultEndpoints endpoints) {
		Map<String, Object> urlMap = new LinkedHashMap<>();
		for (DefaultEndpoint endpoint : endpoints.runtimes()) {
			DefaultHandshakeHandler handshakeHandler = new DefaultHandshakeHandler(new ConnectionUpgradeStrategy());
			List<String> subprotocols = endpoint.runtime().settings().subprotocols();
			handshakeHandler.setSupportedProtocols(subprotocols.toArray(String[]::new));
			WebSocketHttpRequestHandler handler = new EndpointRequestHandler(new EndpointWebSocketHandler(endpoint),
					handshakeHandler, endpoint.runtime().settings().compression());
			handler.setHandshakeInterceptors(List.of(new EndpointHandshakeInterceptor(endpoint)));
			urlMap.put(endpoint.path(), handler);
		}
		WebSocketHandlerMapping mapping = new WebSocketHandlerMapping();
		mapping.setUrlMap(urlMap);
		mapping.setWebSocketUpgradeMatch(true);
		mapping.setOrder(-1);
		return mapping;
	}

}
