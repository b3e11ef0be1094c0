package io.aerys.websocket.server;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.aerys.websocket.Endpoints;
import io.aerys.websocket.OnData;
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
 * A client that sends faster than its {@code @OnData} consumes is read no faster: once
 * {@code max-pending-messages} wait, its reads pause, and they resume as the messages drain.
 */
@SpringBootTest(classes = InboundBackpressureTests.BackpressureApp.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "aerys.websocket.max-pending-messages=16")
class InboundBackpressureTests {

	static final CompletableFuture<Void> gate = new CompletableFuture<>();

	static final List<String> received = new CopyOnWriteArrayList<>();

	@LocalServerPort
	int port;

	@Autowired
	Endpoints endpoints;

	@Test
	void pausesReadingWhileMessagesWaitAndResumesWhenTheyDrain() {
		DefaultEndpoint endpoint = (DefaultEndpoint) this.endpoints.get("/slow-consumer");
		int count = 500;
		try (TestClient client = TestClient.connect("ws://localhost:" + this.port + "/slow-consumer")) {
			// One send at a time, as the JDK client requires: it waits once the server stops reading.
			CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
				for (int i = 0; i < count; i++) {
					client.send("message " + i);
				}
			});
			await().atMost(java.time.Duration.ofSeconds(30))
				.until(() -> endpoint.connected().stream().anyMatch(Client::isReadingPaused));
			Client server = endpoint.connected().iterator().next();
			assertThat(server.mailbox.size()).isLessThanOrEqualTo(16 + 1);
			assertThat(received).hasSize(1);
			gate.complete(null);
			await().atMost(java.time.Duration.ofSeconds(30)).until(() -> received.size() == count);
			assertThat(received).containsExactlyElementsOf(
					java.util.stream.IntStream.range(0, count).mapToObj((i) -> "message " + i).toList());
			assertThat(server.isReadingPaused()).isFalse();
			sending.join();
		}
	}

	@SpringBootApplication
	@Import(SlowConsumerSocket.class)
	static class BackpressureApp {

	}

	@WebsocketEndpoint("/slow-consumer")
	static class SlowConsumerSocket {

		@OnData
		CompletableFuture<Void> data(String text) {
			received.add(text);
			return gate;
		}

	}

}
