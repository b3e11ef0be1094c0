package io.aerys.websocket.server;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.RequestUpgradeStrategy;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;

/**
 * Spring's standard upgrade, with a handler of its own for each connection
 * ({@link EndpointWebSocketHandler#forConnection()}): Spring's adapter holds the handler of the
 * connection, so a message finds its client without a lookup. That handler does itself what the
 * decorators {@link org.springframework.web.socket.server.support.WebSocketHttpRequestHandler}
 * puts around the endpoint's would do, so it goes undecorated.
 */
final class ConnectionUpgradeStrategy implements RequestUpgradeStrategy {

	private final RequestUpgradeStrategy upgrade;

	ConnectionUpgradeStrategy() {
		this(new StandardWebSocketUpgradeStrategy());
	}

	ConnectionUpgradeStrategy(RequestUpgradeStrategy upgrade) {
		this.upgrade = upgrade;
	}

	@Override
	public String[] getSupportedVersions() {
		return this.upgrade.getSupportedVersions();
	}

	@Override
	public List<WebSocketExtension> getSupportedExtensions(ServerHttpRequest request) {
		return this.upgrade.getSupportedExtensions(request);
	}

	@Override
	public void upgrade(ServerHttpRequest request, ServerHttpResponse response, @Nullable String selectedProtocol,
			List<WebSocketExtension> selectedExtensions, @Nullable Principal user, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws HandshakeFailureException {
		WebSocketHandler handler = wsHandler;
		if (WebSocketHandlerDecorator.unwrap(wsHandler) instanceof EndpointWebSocketHandler endpoint) {
			handler = endpoint.forConnection();
		}
		this.upgrade.upgrade(request, response, selectedProtocol, selectedExtensions, user, handler, attributes);
	}

}
