package io.aerys.websocket.server;

import java.time.Duration;
import java.util.List;

import io.aerys.websocket.Endpoint;
import io.aerys.websocket.OnData;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.test.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With an idle timeout, a client that exchanges no data message for that long is closed with
 * 1001, while one that keeps talking stays, and so does one that only receives.
 */
@SpringBootTest(classes = IdleTimeoutTests.IdleApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "aerys.websocket.idle-timeout=600ms", "aerys.websocket.ping-interval=0" })
class IdleTimeoutTests {

	@LocalServerPort
	int port;

	@Test
	void closesAnIdleClientWith1001() {
		try (TestClient client = TestClient.connect("ws://localhost:" + this.port + "/idle")) {
			long start = System.nanoTime();
			TestClient.Close close = client.awaitClose();
			assertThat(close.code()).isEqualTo(1001);
			assertThat(close.reason()).isEqualTo("idle timeout");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
		}
	}

	@Test
	void keepsAClientThatKeepsTalking() {
		try (TestClient idle = TestClient.connect("ws://localhost:" + this.port + "/idle");
				TestClient talking = TestClient.connect("ws://localhost:" + this.port + "/idle")) {
			long start = System.nanoTime();
			int sent = 0;
			while (!idle.closed().isDone()) {
				assertIdleClientNotOverdue(start);
				talking.send("still here " + sent);
				assertThat(talking.nextText()).isEqualTo("still here " + sent);
				sent++;
			}
			for (int i = 0; i < 10; i++) {
				talking.send("after " + i);
				assertThat(talking.nextText()).isEqualTo("after " + i);
			}
			assertThat(talking.closed()).isNotDone();
		}
	}

	@Test
	void keepsAClientThatOnlyReceives() {
		try (TestClient idle = TestClient.connect("ws://localhost:" + this.port + "/idle");
				TestClient listener = TestClient.connect("ws://localhost:" + this.port + "/push");
				TestClient pusher = TestClient.connect("ws://localhost:" + this.port + "/push")) {
			// Until the idle client is closed, then for longer than the idle timeout.
			long start = System.nanoTime();
			long idleClosedAt = 0;
			for (int pushed = 0; idleClosedAt == 0 || System.nanoTime() - idleClosedAt < 900_000_000L; pushed++) {
				if (idleClosedAt == 0) {
					assertIdleClientNotOverdue(start);
				}
				pusher.send("news " + pushed);
				assertThat(listener.nextText()).isEqualTo("news " + pushed);
				if (idleClosedAt == 0 && idle.closed().isDone()) {
					idleClosedAt = System.nanoTime();
				}
			}
			assertThat(listener.closed()).as("a client that only receives is not idle").isNotDone();
		}
	}

	/**
	 * Fail, rather than exchange messages forever, if the idle client outlives its timeout by far.
	 * @param start when the clients connected
	 */
	private static void assertIdleClientNotOverdue(long start) {
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the idle client is closed within 10 s")
			.isLessThan(Duration.ofSeconds(10));
	}

	@SpringBootApplication
	@Import({ IdleSocket.class, PushSocket.class })
	static class IdleApp {

	}

	@WebsocketEndpoint("/push")
	static class PushSocket {

		@OnData
		void data(Endpoint endpoint, long clientId, String text) {
			endpoint.broadcast(text, List.of(clientId));
		}

	}

	@WebsocketEndpoint("/idle")
	static class IdleSocket {

		@OnData
		String data(String text) {
			return text;
		}

	}

}
