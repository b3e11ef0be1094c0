package io.aerys.websocket.server;

import java.time.Duration;

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
 * 1001, while one that keeps talking stays.
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
			int sent = 0;
			while (!idle.closed().isDone()) {
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

	@SpringBootApplication
	@Import(IdleSocket.class)
	static class IdleApp {

	}

	@WebsocketEndpoint("/idle")
	static class IdleSocket {

		@OnData
		String data(String text) {
			return text;
		}

	}

}
