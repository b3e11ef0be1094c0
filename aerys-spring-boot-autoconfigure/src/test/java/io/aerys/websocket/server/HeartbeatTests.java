package io.aerys.websocket.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.aerys.websocket.Endpoint;
import io.aerys.websocket.Endpoints;
import io.aerys.websocket.OnClose;
import io.aerys.websocket.OnData;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.test.RawWebSocket;
import io.aerys.websocket.test.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server pings quiet clients and closes those that stay silent with 1008; pongs keep a client
 * alive and never reach {@code @OnData}.
 */
@SpringBootTest(classes = HeartbeatTests.HeartbeatApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "aerys.websocket.ping-interval=200ms", "aerys.websocket.pong-timeout=1s" })
class HeartbeatTests {

	static final Map<Long, AtomicInteger> closes = new ConcurrentHashMap<>();

	static final Map<Long, Integer> closeCodes = new ConcurrentHashMap<>();

	static final AtomicInteger data = new AtomicInteger();

	@LocalServerPort
	int port;

	@Autowired
	Endpoints endpoints;

	@Test
	void keepsAClientThatAnswersPingsAndNeverDeliversPongs() {
		int dataBefore = data.get();
		try (TestClient client = TestClient.connect("ws://localhost:" + this.port + "/heartbeat")) {
			await().during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(5))
				.until(() -> !client.closed().isDone());
			assertThat(client.pings()).isGreaterThanOrEqualTo(5);
			assertThat(data.get()).isEqualTo(dataBefore);
		}
	}

	@Test
	void closesASilentClientWith1008AndRunsOnCloseOnce() throws Exception {
		Endpoint endpoint = this.endpoints.get("/heartbeat");
		java.util.Set<Long> before = endpoint.clients();
		try (RawWebSocket silent = RawWebSocket.connect(this.port, "/heartbeat", 65536)) {
			await().until(() -> endpoint.clients().stream().anyMatch((c) -> !before.contains(c)));
			long id = endpoint.clients().stream().filter((c) -> !before.contains(c)).findFirst().orElseThrow();
			assertThat(silent.readCloseCode()).isEqualTo(1008);
			await().until(() -> closes.containsKey(id));
			assertThat(closeCodes.get(id)).isEqualTo(1008);
			await().during(Duration.ofMillis(500)).until(() -> closes.get(id).get() == 1);
			assertThat(((DefaultEndpoint) endpoint).stats().droppedByReason().count("pong-timeout"))
				.isGreaterThanOrEqualTo(1);
		}
	}

	@SpringBootApplication
	@Import(HeartbeatSocket.class)
	static class HeartbeatApp {

	}

	@WebsocketEndpoint("/heartbeat")
	static class HeartbeatSocket {

		@OnData
		void data(String text) {
			data.incrementAndGet();
		}

		@OnClose
		void close(long clientId, int code) {
			closeCodes.put(clientId, code);
			closes.computeIfAbsent(clientId, (id) -> new AtomicInteger()).incrementAndGet();
		}

	}

}
