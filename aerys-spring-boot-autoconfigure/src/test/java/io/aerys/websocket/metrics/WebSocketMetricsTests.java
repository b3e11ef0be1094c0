package io.aerys.websocket.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.aerys.websocket.Endpoint;
import io.aerys.websocket.Endpoints;
import io.aerys.websocket.OnData;
import io.aerys.websocket.OnHandshake;
import io.aerys.websocket.OnStart;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.test.RawWebSocket;
import io.aerys.websocket.test.TestClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After a scripted run over real sockets, every meter reads exactly what happened, and the
 * Prometheus scrape shows it under the declared path pattern.
 */
@SpringBootTest(classes = WebSocketMetricsTests.MetricsApp.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=prometheus,metrics,websockets",
				"aerys.websocket.send-buffer-limit=64KB" })
class WebSocketMetricsTests {

	private static final String CHAT = "/chat/{room}";

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry registry;

	@Autowired
	Endpoints endpoints;

	@Test
	void countsExactlyWhatHappened() throws Exception {
		TestClient first = TestClient.connect(url("/chat/a"));
		TestClient second = TestClient.connect(url("/chat/a"));
		TestClient third = TestClient.connect(url("/chat/b"));
		assertThat(TestClient.refusedStatus(url("/chat/a?deny"), Map.of())).isEqualTo(403);
		for (int i = 0; i < 8; i++) {
			first.send("message " + i);
		}
		second.sendBinary(new byte[] { 1, 2, 3 });
		second.sendBinary(new byte[] { 4, 5 });
		first.send("broadcast");
		for (TestClient client : new TestClient[] { first, second, third }) {
			assertThat(client.nextText()).isEqualTo("hello");
		}
		third.send("boom");
		assertThat(third.awaitClose().code()).isEqualTo(1011);
		first.close(1000, "bye");
		second.close(1000, "bye");
		assertThat(first.awaitClose().code()).isEqualTo(1000);
		assertThat(second.awaitClose().code()).isEqualTo(1000);

		await().untilAsserted(() -> assertThat(gauge(WebSocketMetrics.CONNECTIONS_ACTIVE)).isZero());
		assertThat(count(WebSocketMetrics.CONNECTIONS_OPENED)).isEqualTo(3);
		assertThat(count(WebSocketMetrics.CONNECTIONS_CLOSED, "code", "1000")).isEqualTo(2);
		assertThat(count(WebSocketMetrics.CONNECTIONS_CLOSED, "code", "1011")).isEqualTo(1);
		assertThat(count(WebSocketMetrics.HANDSHAKES_REJECTED, "status", "403")).isEqualTo(1);
		assertThat(count(WebSocketMetrics.MESSAGES_RECEIVED, "type", "text")).isEqualTo(10);
		assertThat(count(WebSocketMetrics.MESSAGES_RECEIVED, "type", "binary")).isEqualTo(2);
		long textBytes = 8 * "message 0".length() + "broadcast".length() + "boom".length();
		assertThat(count(WebSocketMetrics.BYTES_RECEIVED)).isEqualTo(textBytes + 5);
		assertThat(count(WebSocketMetrics.MESSAGES_SENT, "type", "text")).isEqualTo(3);
		assertThat(count(WebSocketMetrics.MESSAGES_SENT, "type", "binary")).isZero();
		assertThat(count(WebSocketMetrics.BYTES_SENT)).isEqualTo(3 * "hello".length());
		assertThat(count(WebSocketMetrics.ERRORS, "exception", "IllegalStateException")).isEqualTo(1);
		assertThat(timerCount("start", "success")).as("@OnStart runs once the timer is bound").isEqualTo(1);
		assertThat(timerCount("handshake", "success")).isEqualTo(4);
		assertThat(timerCount("data", "success")).isEqualTo(11);
		assertThat(timerCount("data", "error")).isEqualTo(1);
		assertThat(this.registry.get(WebSocketMetrics.CALLBACK_DURATION)
			.tag("endpoint", CHAT)
			.tag("callback", "data")
			.tag("outcome", "success")
			.functionTimer()
			.totalTime(TimeUnit.NANOSECONDS)).as("data callbacks are timed once the timer is bound").isPositive();
		assertThat(Search.in(this.registry).name(WebSocketMetrics.CLIENTS_DROPPED).tag("endpoint", CHAT).meters())
			.isEmpty();
		assertThat(Search.in(this.registry).name((name) -> name.startsWith("aerys.websocket")).meters())
			.allSatisfy((meter) -> {
				assertThat(meter.getId().getTag("endpoint")).isIn(CHAT, "/slow");
				assertThat(meter.getId().getTags()).noneMatch((tag) -> tag.getKey().contains("client"));
			});

		String scrape = get("/actuator/prometheus");
		assertThat(scrape).contains("aerys_websocket_messages_received_total{endpoint=\"/chat/{room}\",type=\"text\"} 10");
		assertThat(scrape).contains("aerys_websocket_connections_active{endpoint=\"/chat/{room}\"} 0");
	}

	@Test
	void dropsASlowClientAndForgetsAVanishedOne() throws Exception {
		Endpoint slow = this.endpoints.get("/slow");
		Set<Long> before = new HashSet<>(slow.clients());
		RawWebSocket reader = RawWebSocket.connect(this.port, "/slow", 4096);
		RawWebSocket vanishing = RawWebSocket.connect(this.port, "/slow", 4096);
		awaitDrop().until(() -> slow.clients().size() == before.size() + 2);
		vanishing.vanish();
		awaitDrop().until(() -> slow.clients().size() == before.size() + 1);
		long readerId = slow.clients().stream().filter((id) -> !before.contains(id)).findFirst().orElseThrow();
		String chunk = "x".repeat(64 * 1024);
		for (int i = 0; i < 400 && slow.client(readerId).isPresent(); i++) {
			slow.send(readerId, chunk);
		}
		awaitDrop().untilAsserted(() -> assertThat(slow.client(readerId)).isEmpty());
		reader.close();
		assertThat(countOn("/slow", WebSocketMetrics.CLIENTS_DROPPED, "reason", "slow")).isEqualTo(1);
		assertThat(countOn("/slow", WebSocketMetrics.CONNECTIONS_CLOSED, "code", "1008")).isEqualTo(1);
		assertThat(countOn("/slow", WebSocketMetrics.CONNECTIONS_CLOSED, "code", "1006")).isEqualTo(1);
		awaitDrop().untilAsserted(() -> assertThat(this.registry.get(WebSocketMetrics.CONNECTIONS_ACTIVE)
			.tag("endpoint", "/slow")
			.gauge()
			.value()).isEqualTo(before.size()));
	}

	/**
	 * Wait for a drop. Tomcat may throw from its own thread when a client is closed in the middle
	 * of a large text message (its TextMessageSendHandler writes the next part into the closed
	 * connection); that is not this test's failure.
	 */
	private static org.awaitility.core.ConditionFactory awaitDrop() {
		return await().dontCatchUncaughtExceptions();
	}

	private double gauge(String name) {
		return this.registry.get(name).tag("endpoint", CHAT).gauge().value();
	}

	private double count(String name, String... tags) {
		return countOn(CHAT, name, tags);
	}

	private double countOn(String endpoint, String name, String... tags) {
		return this.registry.get(name).tag("endpoint", endpoint).tags(tags).functionCounter().count();
	}

	private double timerCount(String callback, String outcome) {
		return this.registry.get(WebSocketMetrics.CALLBACK_DURATION)
			.tag("endpoint", CHAT)
			.tag("callback", callback)
			.tag("outcome", outcome)
			.functionTimer()
			.count();
	}

	private String url(String path) {
		return "ws://localhost:" + this.port + path;
	}

	private String get(String path) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	@SpringBootApplication
	@Import({ ChatSocket.class, SlowSocket.class })
	static class MetricsApp {

	}

	@WebsocketEndpoint("/chat/{room}")
	static class ChatSocket {

		private final Endpoint endpoint;

		ChatSocket(Endpoint endpoint) {
			this.endpoint = endpoint;
		}

		@OnStart
		void start() {
		}

		@OnHandshake
		void handshake(ServerHttpRequest request, ServerHttpResponse response) {
			if ("deny".equals(request.getURI().getQuery())) {
				response.setStatusCode(HttpStatus.FORBIDDEN);
			}
		}

		@OnData
		void data(ByteBuffer message) {
			String text = java.nio.charset.StandardCharsets.UTF_8.decode(message.duplicate()).toString();
			if (text.equals("broadcast")) {
				this.endpoint.broadcast("hello");
			}
			else if (text.equals("boom")) {
				throw new IllegalStateException("boom");
			}
		}

	}

	@WebsocketEndpoint("/slow")
	static class SlowSocket {

	}

}
