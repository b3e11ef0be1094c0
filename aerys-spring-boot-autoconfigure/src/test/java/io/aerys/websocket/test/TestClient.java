package io.aerys.websocket.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real WebSocket client (the JDK's) that keeps what the server sends: messages in order, and
 * the close code and reason.
 */
public final class TestClient implements WebSocket.Listener, AutoCloseable {

	public static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final HttpClient http = HttpClient.newHttpClient();

	private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();

	private final CompletableFuture<Close> closed = new CompletableFuture<>();

	private final StringBuilder text = new StringBuilder();

	private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

	private final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();

	private WebSocket webSocket;

	public record Close(int code, String reason) {
	}

	public static TestClient connect(String url) {
		return connect(url, Map.of(), List.of());
	}

	public static TestClient connect(String url, Map<String, String> headers) {
		return connect(url, headers, List.of());
	}

	public static TestClient connect(String url, Map<String, String> headers, List<String> subprotocols) {
		TestClient client = new TestClient();
		WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(TIMEOUT);
		headers.forEach(builder::header);
		if (!subprotocols.isEmpty()) {
			builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
		}
		client.webSocket = builder.buildAsync(URI.create(url), client).orTimeout(10, TimeUnit.SECONDS).join();
		return client;
	}

	/**
	 * Attempt a handshake that the server is expected to refuse.
	 * @param url the endpoint URL
	 * @param headers headers of the upgrade request
	 * @return the HTTP status of the refusal
	 */
	public static int refusedStatus(String url, Map<String, String> headers) {
		WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(TIMEOUT);
		headers.forEach(builder::header);
		try {
			WebSocket ws = builder.buildAsync(URI.create(url), new WebSocket.Listener() {
			}).get(10, TimeUnit.SECONDS);
			ws.abort();
			throw new AssertionError("Handshake to " + url + " was accepted");
		}
		catch (ExecutionException | CompletionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException handshake) {
				return handshake.getResponse().statusCode();
			}
			throw new AssertionError("Handshake failed without a response", ex);
		}
		catch (InterruptedException | TimeoutException ex) {
			throw new AssertionError(ex);
		}
	}

	public WebSocket webSocket() {
		return this.webSocket;
	}

	public void send(String message) {
		this.webSocket.sendText(message, true).orTimeout(10, TimeUnit.SECONDS).join();
	}

	public void sendBinary(byte[] message) {
		this.webSocket.sendBinary(ByteBuffer.wrap(message), true).orTimeout(10, TimeUnit.SECONDS).join();
	}

	/**
	 * Send one frame of a binary message, waiting until it is written.
	 * @param part the bytes of the frame
	 * @param last whether the frame ends the message
	 */
	public void sendBinaryPart(ByteBuffer part, boolean last) {
		this.webSocket.sendBinary(part, last).orTimeout(10, TimeUnit.SECONDS).join();
	}

	/**
	 * Return the subprotocol the server chose.
	 * @return the subprotocol, empty if none
	 */
	public String subprotocol() {
		return this.webSocket.getSubprotocol();
	}

	/**
	 * Return the next text messages, waiting for each.
	 * @param count how many
	 * @return the messages in order of arrival
	 */
	public List<String> nextTexts(int count) {
		List<String> texts = new java.util.ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			texts.add(nextText());
		}
		return texts;
	}

	/**
	 * Return the next message, waiting for it.
	 * @return a String or a byte[]
	 */
	public Object next() {
		return next(TIMEOUT);
	}

	/**
	 * Return the next message, waiting for it at most this long.
	 * @param timeout how long to wait
	 * @return a String or a byte[]
	 */
	public Object next(Duration timeout) {
		try {
			Object message = this.messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(message).as("message received within " + timeout).isNotNull();
			return message;
		}
		catch (InterruptedException ex) {
			throw new AssertionError(ex);
		}
	}

	public String nextText() {
		return nextText(TIMEOUT);
	}

	/**
	 * Return the next message, a text one, waiting for it at most this long.
	 * @param timeout how long to wait
	 * @return the text
	 */
	public String nextText(Duration timeout) {
		Object message = next(timeout);
		assertThat(message).isInstanceOf(String.class);
		return (String) message;
	}

	public byte[] nextBinary() {
		Object message = next();
		assertThat(message).isInstanceOf(byte[].class);
		return (byte[]) message;
	}

	/**
	 * Return a message if one is waiting now, without waiting.
	 * @return the message or null
	 */
	public Object poll() {
		return this.messages.poll();
	}

	public Close awaitClose() {
		return this.closed.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
	}

	public CompletableFuture<Close> closed() {
		return this.closed;
	}

	public void close(int code, String reason) {
		this.webSocket.sendClose(code, reason).orTimeout(10, TimeUnit.SECONDS).join();
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
			this.messages.add(this.text.toString());
			this.text.setLength(0);
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
		byte[] bytes = new byte[data.remaining()];
		data.get(bytes);
		this.binary.writeBytes(bytes);
		if (last) {
			this.messages.add(this.binary.toByteArray());
			this.binary.reset();
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
		this.pings.incrementAndGet();
		webSocket.request(1);
		return null;
	}

	public int pings() {
		return this.pings.get();
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closed.complete(new Close(statusCode, reason));
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closed.complete(new Close(1006, String.valueOf(error)));
	}

}
