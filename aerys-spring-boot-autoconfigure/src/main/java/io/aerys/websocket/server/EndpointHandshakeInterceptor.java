package io.aerys.websocket.server;

import java.security.Principal;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.aerys.websocket.ClientInfo;
import io.aerys.websocket.invoke.Callback;
import io.aerys.websocket.invoke.CallbackMethod;
import io.aerys.websocket.invoke.ClientContext;
import io.aerys.websocket.invoke.Invocation;
import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.ConversionException;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;

/**
 * Decides each upgrade of one endpoint: refuses it while the endpoint is not running or full
 * (503) and for a foreign origin (403, by Spring's {@link OriginHandshakeInterceptor}), then runs
 * {@code @OnHandshake}, which rejects it by setting any status other than 101. A path variable that
 * does not convert to the type {@code @OnHandshake} declares is refused with 400.
 */
final class EndpointHandshakeInterceptor implements HandshakeInterceptor {

	private static final AtomicLong clientIds = new AtomicLong();

	private static final String PENDING_ATTRIBUTE = EndpointHandshakeInterceptor.class.getName() + ".pending";

	private final DefaultEndpoint endpoint;

	private final OriginHandshakeInterceptor origins;

	EndpointHandshakeInterceptor(DefaultEndpoint endpoint) {
		this.endpoint = endpoint;
		this.origins = new OriginHandshakeInterceptor();
		this.origins.setAllowedOriginPatterns(endpoint.runtime().settings().allowedOriginPatterns());
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
			WebSocketHandler wsHandler, Map<String, Object> attributes) throws Exception {
		CallbackObserver.Observed observed = this.endpoint.runtime().observer().start(this.endpoint, Callback.HANDSHAKE);
		if (observed == null) {
			return decide(request, response, wsHandler, attributes);
		}
		try {
			boolean accepted = decide(request, response, wsHandler, attributes);
			observed.closeScope();
			observed.stop(accepted ? CallbackObserver.SUCCESS : CallbackObserver.REJECTED, null);
			return accepted;
		}
		catch (Exception ex) {
			observed.closeScope();
			observed.stop(CallbackObserver.ERROR, ex);
			throw ex;
		}
	}

	private boolean decide(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws Exception {
		if (this.endpoint.state() != EndpointState.RUNNING
				|| !this.endpoint.reserve(this.endpoint.runtime().settings().maxConnections())) {
			return reject(response, HttpStatus.SERVICE_UNAVAILABLE);
		}
		boolean accepted = false;
		try {
			accepted = accept(request, response, wsHandler, attributes);
			return accepted;
		}
		finally {
			if (accepted) {
				setPending(request, true);
			}
			else {
				this.endpoint.release();
			}
		}
	}

	private boolean accept(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws Exception {
		if (!this.origins.beforeHandshake(request, response, wsHandler, attributes)) {
			this.endpoint.stats().rejected(HttpStatus.FORBIDDEN.value());
			return false;
		}
		long id = clientIds.incrementAndGet();
		Map<String, String> pathVariables = pathVariables(request);
		Object data = null;
		CallbackMethod onHandshake = this.endpoint.invoker().callbacks().get(Callback.HANDSHAKE);
		if (onHandshake != null) {
			StatusRecordingResponse recording = new StatusRecordingResponse(response);
			long start = this.endpoint.stats().callbackStart();
			try {
				data = onHandshake.invoke(Invocation.ofHandshake(this.endpoint,
						new HandshakeClient(id, pathVariables, request.getPrincipal()), request, recording));
				this.endpoint.stats().callbackEnded(Callback.HANDSHAKE, true, start);
			}
			catch (ConversionException ex) {
				// A path variable of the wrong form is the client's mistake, as in Spring MVC.
				this.endpoint.runtime().logger().debug("Refused handshake of " + this.endpoint + ": " + ex.getMessage());
				return reject(response, HttpStatus.BAD_REQUEST);
			}
			catch (Throwable ex) {
				this.endpoint.stats().callbackEnded(Callback.HANDSHAKE, false, start);
				this.endpoint.stats().error(ex);
				this.endpoint.runtime().logger().error("@OnHandshake of " + this.endpoint + " failed", ex);
				return reject(response, HttpStatus.INTERNAL_SERVER_ERROR);
			}
			if (recording.isRejected()) {
				this.endpoint.stats().rejected(recording.status());
				return false;
			}
		}
		attributes.put(Handshake.ATTRIBUTE, new Handshake(id, pathVariables, data));
		return true;
	}

	private boolean reject(ServerHttpResponse response, HttpStatus status) {
		response.setStatusCode(status);
		this.endpoint.stats().rejected(status.value());
		return false;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> pathVariables(ServerHttpRequest request) {
		if (request instanceof ServletServerHttpRequest servletRequest) {
			Object variables = servletRequest.getServletRequest()
				.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
			if (variables instanceof Map<?, ?> map) {
				return Map.copyOf((Map<String, String>) map);
			}
		}
		return Map.of();
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
		boolean upgraded = exception == null && response instanceof ServletServerHttpResponse servletResponse
				&& servletResponse.getServletResponse().getStatus() == HttpStatus.SWITCHING_PROTOCOLS.value();
		if (isPending(request) && !upgraded) {
			// The reservation of an upgrade that did not happen; an upgraded client releases its own.
			this.endpoint.release();
		}
		setPending(request, false);
	}

	private static void setPending(ServerHttpRequest request, boolean pending) {
		if (request instanceof ServletServerHttpRequest servletRequest) {
			if (pending) {
				servletRequest.getServletRequest().setAttribute(PENDING_ATTRIBUTE, Boolean.TRUE);
			}
			else {
				servletRequest.getServletRequest().removeAttribute(PENDING_ATTRIBUTE);
			}
		}
	}

	private static boolean isPending(ServerHttpRequest request) {
		return request instanceof ServletServerHttpRequest servletRequest
				&& servletRequest.getServletRequest().getAttribute(PENDING_ATTRIBUTE) != null;
	}

	/**
	 * The client as {@code @OnHandshake} sees it: not connected yet.
	 */
	private record HandshakeClient(Long id, Map<String, String> pathVariables,
			@Nullable Principal principal) implements ClientContext {

		@Override
		public ClientInfo info() {
			throw new IllegalStateException("No ClientInfo before the handshake completes");
		}

		@Override
		public @Nullable Object handshakeData() {
			return null;
		}

	}

}
