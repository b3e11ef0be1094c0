package io.aerys.sample.chat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser stand-in: the JDK's WebSocket client, speaking the chat's JSON and keeping what the
 * server sends in order.
 */
final class ChatClient implements WebSocket.Listener, AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = new JsonMapper();

	private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

	private final StringBuilder text = new StringBuilder();

	private final CompletableFuture<Integer> closed = new CompletableFuture<>();

	private WebSocket webSocket;

	static ChatClient join(int port, String room, String nick) {
		ChatClient client = new ChatClient();
		client.webSocket = http.newWebSocketBuilder()
			.connectTimeout(TIMEOUT)
			.buildAsync(url(port, room, nick), client)
			.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
			.join();
		return client;
	}

	/**
	 * An HTTP answer to an upgrade request other than 101.
	 *
	 * @param status the status
	 * @param contentType the {@code Content-Type} header, or an empty string
	 * @param body the body as text
	 */
	record Refusal(int status, String contentType, String body) {
	}

	/**
	 * Attempt a handshake that the server is expected to refuse.
	 * @param url the endpoint URL
	 * @return the refusal
	 */
	static Refusal refusal(URI url) {
		try {
			WebSocket webSocket = http.newWebSocketBuilder()
				.connectTimeout(TIMEOUT)
				.buildAsync(url, new WebSocket.Listener() {
				})
				.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			webSocket.abort();
			throw new AssertionError("Handshake to " + url + " was accepted");
		}
		catch (ExecutionException | CompletionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException refused) {
				HttpResponse<?> response = refused.getResponse();
				return new Refusal(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
						String.valueOf(response.body()));
			}
			throw new AssertionError("Handshake to " + url + " failed without a response", ex);
		}
		catch (InterruptedException | TimeoutException ex) {
			throw new AssertionError(ex);
		}
	}

	static URI url(int port, String room, String nick) {
		return URI.create("ws://localhost:" + port + "/chat/" + room + "?nick="
				+ URLEncoder.encode(nick, StandardCharsets.UTF_8).replace("+", "%20"));
	}

	void say(String message) {
		send(json.writeValueAsString(Map.of("text", message)));
	}

	void send(String rawText) {
		this.webSocket.sendText(rawText, true).orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
	}

	/**
	 * Return the next event, waiting for it, and check its type.
	 * @param type the expected {@code type}
	 * @return the event
	 */
	JsonNode next(String type) {
		JsonNode event = next();
		assertThat(event.path("type").asString()).as("type of %s", event).isEqualTo(type);
		return event;
	}

	JsonNode next() {
		try {
			JsonNode event = this.events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(event).as("event received within %s", TIMEOUT).isNotNull();
			return event;
		}
		catch (InterruptedException ex) {
			throw new AssertionError(ex);
		}
	}

	/**
	 * Leave and wait until the server has closed the connection.
	 */
	void leave() {
		this.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
		awaitClose();
	}

	int awaitClose() {
		return this.closed.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
	}

	@Override
	public void close() {
		if (!this.webSocket.isOutputClosed()) {
			this.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally((ex) -> null);
		}
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.text.append(data);
		if (last) {
			this.events.add(json.readTree(this.text.toString()));
			this.text.setLength(0);
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closed.complete(statusCode);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closed.complete(1006);
	}

}
