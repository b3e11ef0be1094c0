package io.aerys.websocket.invoke;

import java.security.Principal;
import java.util.List;

import io.aerys.websocket.ClientInfo;
import io.aerys.websocket.Endpoint;
import io.aerys.websocket.HandshakeData;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.CloseStatus;

/**
 * The resolvers of parameters that come from the connection rather than the message: resolved by
 * type, or by annotation where a type alone would be ambiguous.
 */
final class ContextArgumentResolvers {

	private ContextArgumentResolvers() {
	}

	static List<ArgumentResolver> all() {
		return List.of(new EndpointResolver(), new ClientIdResolver(), new ClientInfoResolver(),
				new PrincipalResolver(), new HandshakeDataResolver(), new RequestResolver(), new ResponseResolver(),
				new HeadersResolver(), new CloseCodeResolver(), new CloseReasonResolver(), new CloseStatusResolver(),
				new FailureResolver());
	}

	private static boolean isPlain(MethodParameter parameter) {
		return parameter.getParameterAnnotations().length == 0;
	}

	private static final class EndpointResolver implements ArgumentResolver {

		@Override
		public boolean supportsParameter(Callback callback, MethodParameter parameter) {
			return parameter.getParameterType() == Endpoint.class;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, Invocation invocation) {
			return invocation.endpoint();
		}

	}

	private static final class ClientIdResolver implements ArgumentResolver {

		@Override
		public boolean supportsParameter(Callback callback, MethodParameter parameter) {
			Class<?> type = parameter.getParameterType();
			return callback.isPerClient() && isPlain(parameter) && (type == long.class || type == Long.class);
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, Invocation invocation) {
			return invocation.client().id();
		}

	}

	private static final class ClientInfoResolver implements ArgumentResolver {

		@Override
		public boolean supportsParameter(Callback callback, MethodParameter parameter) {
			return callback.isAfterHandshake() && parameter.getParameterType() == ClientInfo.class;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, Invocation invocation) {
			return invocation.client().info();
		}

	}

	private static final class PrincipalResolver implements ArgumentResolver {

		@Override
		public boolean supportsParameter(Callback callback, MethodParameter parameter) {
			return callback.isPerClient() && Principal.class.isAssignableFrom(parameter.getParameterType());
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, Invocation invocation) {
			Principal principal = invocation.client().principal();
			return parameter.getParameterType().isInstance(principal) ? principal : null;
		}

	}

	private static final class HandshakeDataResolver implements ArgumentResolver {

		@Override
		public boolean supportsParameter(Callback callback, MethodParameter parameter) {
			return callback.isAfterHandshake() && parameter.hasParameterAnnotation(HandshakeData.class)
					&& !parameter.getParameterType().isPrimitive();
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, Invocation invocation) {
			Object data = invocation.client().handshakeData();
			if (data != null && !parameter.getParameterType().isInstance(data)) {
				throw new IllegalStateException("@HandshakeData parameter of type "
						+ parameter.getParameterType().getName() + " cannot take a " + data.getClass().getName());
			}
			return data;
		}

	}

	private static final class RequestResolver implements ArgumentResolver {

		@Override
		public boolean supportsParameter(Callback callback, MethodParameter parameter) {
			return callback == Callback.HANDSHAKE && parameter.getParameterType() == ServerHttpRequest.class;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, Invocation invocation) {
			return invocation.request();
		}

	}

	private static final class ResponseResolver implements ArgumentResolver {

		@Override
		public boolean supportsParameter(Callback callback, MethodParameter parameter) {
			return callback == Callback.HANDSHAKE && parameter.getParameterType() == ServerHttpResponse.class;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, Invocation invocation) {
			return invocation.response();
		}

	}

	private static final class HeadersResolver implements ArgumentResolver {

		@Override
		public boolean supportsParameter(Callback callback, MethodParameter parameter) {
			return callback == Callback.HANDSHAKE && parameter.getParameterType() == HttpHeaders.class;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, Invocation invocation) {
			return invocation.request().getHeaders();
		}

	}

	private static final class CloseCodeResolver implements ArgumentResolver {

		@Override
		public boolean supportsParameter(Callback callback, MethodParameter parameter) {
			Class<?> type = parameter.getParameterType();
			return callback == Callback.CLOSE && isPlain(parameter) && (type == int.class || type == Integer.class);
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, Invocation invocation) {
			return invocation.closeStatus().getCode();
		}

	}

	private static final class CloseReasonResolver implements ArgumentResolver {

		@Override
		public boolean supportsParameter(Callback callback, MethodParameter parameter) {
			return callback == Callback.CLOSE && isPlain(parameter) && parameter.getParameterType() == String.class;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, Invocation invocation) {
			String reason = invocation.closeStatus().getReason();
			return (reason != null) ? reason : "";
		}

	}

	private static final class CloseStatusResolver implements ArgumentResolver {

		@Override
		public boolean supportsParameter(Callback callback, MethodParameter parameter) {
			return callback == Callback.CLOSE && parameter.getParameterType() == CloseStatus.class;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, Invocation invocation) {
			return invocation.closeStatus();
		}

	}

	private static final class FailureResolver implements ArgumentResolver {

		@Override
		public boolean supportsParameter(Callback callback, MethodParameter parameter) {
			return callback == Callback.ERROR && Throwable.class.isAssignableFrom(parameter.getParameterType());
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, Invocation invocation) {
			Throwable failure = invocation.failure();
			return parameter.getParameterType().isInstance(failure) ? failure : null;
		}

	}

}
