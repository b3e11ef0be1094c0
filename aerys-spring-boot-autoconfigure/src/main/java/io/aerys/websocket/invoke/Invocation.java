package io.aerys.websocket.invoke;

import io.aerys.websocket.Endpoint;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.CloseStatus;

/**
 * The inputs of one callback call, from which its arguments are resolved.
 */
public final class Invocation {

	private final Endpoint endpoint;

	private final @Nullable ClientContext client;

	private @Nullable Object payload;

	private @Nullable CloseStatus closeStatus;

	private @Nullable Throwable failure;

	private @Nullable ServerHttpRequest request;

	private @Nullable ServerHttpResponse response;

	private Invocation(Endpoint endpoint, @Nullable ClientContext client) {
		this.endpoint = endpoint;
		this.client = client;
	}

	public static Invocation ofEndpoint(Endpoint endpoint) {
		return new Invocation(endpoint, null);
	}

	public static Invocation ofHandshake(Endpoint endpoint, ClientContext client, ServerHttpRequest request,
			ServerHttpResponse response) {
		Invocation invocation = new Invocation(endpoint, client);
		invocation.request = request;
		invocation.response = response;
		return invocation;
	}

	public static Invocation ofClient(Endpoint endpoint, ClientContext client) {
		return new Invocation(endpoint, client);
	}

	public static Invocation ofData(Endpoint endpoint, ClientContext client, Object payload) {
		Invocation invocation = new Invocation(endpoint, client);
		invocation.payload = payload;
		return invocation;
	}

	/**
	 * Create an invocation of a client's data callback that {@link #invoke(CallbackMethod, Object)
	 * calls it} with each of its messages in turn, so that a message costs no invocation object.
	 * For the one thread at a time that calls the client's callbacks.
	 * @param endpoint the endpoint
	 * @param client the client
	 * @return the invocation, without a payload between two calls
	 */
	public static Invocation forMessages(Endpoint endpoint, ClientContext client) {
		return new Invocation(endpoint, client);
	}

	/**
	 * Call a callback with a message through this invocation, which holds the message only during
	 * the call. The client's callbacks never overlap, so it is never in use twice.
	 * @param method the callback
	 * @param payload the message
	 * @return what the callback returned
	 * @throws Throwable what it threw
	 */
	public @Nullable Object invoke(CallbackMethod method, Object payload) throws Throwable {
		this.payload = payload;
		try {
			return method.invoke(this);
		}
		finally {
			this.payload = null;
		}
	}

	public static Invocation ofClose(Endpoint endpoint, ClientContext client, CloseStatus status) {
		Invocation invocation = new Invocation(endpoint, client);
		invocation.closeStatus = status;
		return invocation;
	}

	public static Invocation ofError(Endpoint endpoint, ClientContext client, Throwable failure) {
		Invocation invocation = new Invocation(endpoint, client);
		invocation.failure = failure;
		return invocation;
	}

	public Endpoint endpoint() {
		return this.endpoint;
	}

	public ClientContext client() {
		return required(this.client, "client");
	}

	public Object payload() {
		return required(this.payload, "payload");
	}

	public CloseStatus closeStatus() {
		return required(this.closeStatus, "close status");
	}

	public Throwable failure() {
		return required(this.failure, "failure");
	}

	public ServerHttpRequest request() {
		return required(this.request, "request");
	}

	public ServerHttpResponse response() {
		return required(this.response, "response");
	}

	private static <T> T required(@Nullable T value, String what) {
		if (value == null) {
			throw new IllegalStateException("No " + what + " in this invocation");
		}
		return value;
	}

}
