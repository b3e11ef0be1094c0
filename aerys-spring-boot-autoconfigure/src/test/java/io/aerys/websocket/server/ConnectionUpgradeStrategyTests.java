package io.aerys.websocket.server;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ExceptionWebSocketHandlerDecorator;
import org.springframework.web.socket.handler.LoggingWebSocketHandlerDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.RequestUpgradeStrategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * Each upgraded connection of an endpoint gets a handler of its own, which closes its session with
 * 1011 on a failure as Spring's decorators of the endpoint's handler would; other handlers go
 * through unchanged.
 */
class ConnectionUpgradeStrategyTests {

	private final List<WebSocketHandler> upgraded = new ArrayList<>();

	private final ConnectionUpgradeStrategy strategy = new ConnectionUpgradeStrategy(new Recording());

	@Test
	void givesEachConnectionOfAnEndpointAHandlerOfItsOwn() {
		EndpointWebSocketHandler endpoint = new EndpointWebSocketHandler(mock(DefaultEndpoint.class));
		WebSocketHandler decorated = new ExceptionWebSocketHandlerDecorator(new LoggingWebSocketHandlerDecorator(endpoint));
		upgrade(decorated);
		upgrade(decorated);
		assertThat(this.upgraded).hasSize(2).doesNotHaveDuplicates().allSatisfy((handler) -> {
			assertThat(handler).isNotInstanceOf(WebSocketHandlerDecorator.class)
				.isNotInstanceOf(EndpointWebSocketHandler.class);
			assertThat(handler.supportsPartialMessages()).isTrue();
		});
	}

	@Test
	void aConnectionsHandlerClosesItsSessionWith1011WhenItFails() throws Exception {
		WebSocketHandler handler = new EndpointWebSocketHandler(mock(DefaultEndpoint.class)).forConnection();
		WebSocketSession session = mock(WebSocketSession.class);
		given(session.isOpen()).willReturn(true);
		// No client yet: the connection was never established.
		handler.handleMessage(session, new TextMessage("early"));
		then(session).should().close(CloseStatus.SERVER_ERROR);
	}

	@Test
	void leavesOtherHandlersAsTheyAre() {
		WebSocketHandler other = new TextWebSocketHandler();
		upgrade(other);
		assertThat(this.upgraded).containsExactly(other);
	}

	private void upgrade(WebSocketHandler handler) {
		this.strategy.upgrade(new ServletServerHttpRequest(new MockHttpServletRequest()),
				new ServletServerHttpResponse(new MockHttpServletResponse()), null, List.of(), null, handler, Map.of());
	}

	private final class Recording implements RequestUpgradeStrategy {

		@Override
		public String[] getSupportedVersions() {
			return new String[] { "13" };
		}

		@Override
		public List<WebSocketExtension> getSupportedExtensions(ServerHttpRequest request) {
			return List.of();
		}

		@Override
		public void upgrade(ServerHttpRequest request, ServerHttpResponse response, @Nullable String selectedProtocol,
				List<WebSocketExtension> selectedExtensions, @Nullable Principal user, WebSocketHandler wsHandler,
				Map<String, Object> attributes) {
			ConnectionUpgradeStrategyTests.this.upgraded.add(wsHandler);
		}

	}

}
