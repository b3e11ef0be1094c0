package io.aerys.websocket.server;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.aerys.websocket.Endpoints;
import io.aerys.websocket.OnHandshake;
import io.aerys.websocket.OnOpen;
import io.aerys.websocket.WebsocketEndpoint;
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
 * Beyond {@code max-connections}, the handshake gets 503 and no callback runs; a place freed by a
 * closing client is taken again.
 */
@SpringBootTest(classes = MaxConnectionsTests.LimitedApp.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "aerys.websocket.max-connections=2")
class MaxConnectionsTests {

	static final AtomicInteger handshakes = new AtomicInteger();

	static final AtomicInteger opens = new AtomicInteger();

	@LocalServerPort
	int port;

	@Autowired
	Endpoints endpoints;

	@Test
	void refusesTheConnectionBeyondTheLimitWith503() {
		String url = "ws://localhost:" + this.port + "/limited";
		try (TestClient first = TestClient.connect(url); TestClient second = TestClient.connect(url)) {
			await().until(() -> opens.get() == 2);
			assertThat(TestClient.refusedStatus(url, Map.of())).isEqualTo(503);
			assertThat(handshakes.get()).isEqualTo(2);
			assertThat(opens.get()).isEqualTo(2);
			first.close(1000, "make room");
			first.awaitClose();
			await().until(() -> this.endpoints.get("/limited").clients().size() == 1);
			try (TestClient third = TestClient.connect(url)) {
				await().until(() -> opens.get() == 3);
				assertThat(handshakes.get()).isEqualTo(3);
			}
		}
	}

	@SpringBootApplication
	@Import(LimitedSocket.class)
	static class LimitedApp {

	}

	@WebsocketEndpoint("/limited")
	static class LimitedSocket {

		@OnHandshake
		void handshake() {
			handshakes.incrementAndGet();
		}

		@OnOpen
		void open() {
			opens.incrementAndGet();
		}

	}

}
