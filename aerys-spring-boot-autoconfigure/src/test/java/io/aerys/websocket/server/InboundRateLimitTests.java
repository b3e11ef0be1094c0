package io.aerys.websocket.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.aerys.websocket.OnData;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.test.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that sends faster than its inbound rate limit is read at that rate: after a burst of
 * one second's worth, its reads pause until the rate allows more. Nothing is dropped.
 */
@SpringBootTest(classes = InboundRateLimitTests.RateApp.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "aerys.websocket.inbound-rate-limit.messages-per-second=20")
class InboundRateLimitTests {

	static final List<Long> arrivals = new CopyOnWriteArrayList<>();

	@LocalServerPort
	int port;

	@Test
	void readsAFastSenderAtTheConfiguredRate() {
		try (TestClient client = TestClient.connect("ws://localhost:" + this.port + "/rated")) {
			for (int i = 0; i < 60; i++) {
				client.send("message " + i);
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> arrivals.size() == 60);
			Duration spread = Duration.ofNanos(arrivals.get(59) - arrivals.get(0));
			System.out.printf("60 messages at a limit of 20/s arrived over %d ms%n", spread.toMillis());
			// 20 in the first second's burst, then 40 more at 20 a second.
			assertThat(spread).isGreaterThanOrEqualTo(Duration.ofMillis(1800));
			assertThat(client.closed()).isNotDone();
		}
	}

	@SpringBootApplication
	@Import(RatedSocket.class)
	static class RateApp {

	}

	@WebsocketEndpoint("/rated")
	static class RatedSocket {

		@OnData
		void data(String text) {
			arrivals.add(System.nanoTime());
		}

	}

}
