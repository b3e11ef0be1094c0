package io.aerys.websocket.server;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * Spring's upgrade of one endpoint, with compression only when asked for. The container
 * negotiates permessage-deflate with every client that offers it (an empty list of extensions
 * means "all installed" to Tomcat), so when compression is off the offer is hidden from it.
 */
final class EndpointRequestHandler extends WebSocketHttpRequestHandler {

	private static final String EXTENSIONS_HEADER = "Sec-WebSocket-Extensions";

	private final boolean compression;

	EndpointRequestHandler(WebSocketHandler handler, HandshakeHandler handshakeHandler, boolean compression) {
		super(handler, handshakeHandler);
		this.compression = compression;
	}

	@Override
	public void handleRequest(HttpServletRequest servletRequest, HttpServletResponse servletResponse)
			throws ServletException, IOException {
		HttpServletRequest request = servletRequest;
		if (!this.compression && servletRequest.getHeader(EXTENSIONS_HEADER) != null) {
			request = new WithoutExtensions(servletRequest);
		}
		super.handleRequest(request, servletResponse);
	}

	private static final class WithoutExtensions extends HttpServletRequestWrapper {

		WithoutExtensions(HttpServletRequest request) {
			super(request);
		}

		@Override
		public @Nullable String getHeader(String name) {
			return EXTENSIONS_HEADER.equalsIgnoreCase(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return EXTENSIONS_HEADER.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			return Collections.enumeration(Collections.list(super.getHeaderNames())
				.stream()
				.filter((name) -> !EXTENSIONS_HEADER.equalsIgnoreCase(name))
				.toList());
		}

	}

}
