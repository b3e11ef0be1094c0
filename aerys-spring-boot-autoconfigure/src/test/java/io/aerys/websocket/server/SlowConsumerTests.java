package io.aerys.websocket.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.aerys.websocket.Endpoint;
import io.aerys.websocket.Endpoints;
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
 * Clients that stop reading while the server broadcasts are dropped with 1008 once their queue
 * passes the send buffer limit; every other client receives every message, in order, and the
 * broadcasts all complete. The producer never waits for the stuck clients.
 */
@SpringBootTest(classes = SlowConsumerTests.SlowConsumerApp.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "aerys.websocket.send-buffer-limit=1MB")
class SlowConsumerTests {

	private static final int MESSAGES = 250;

	@LocalServerPort
	int port;

	@Autowired
	Endpoints endpoints;

	@Test
	void dropsClientsThatStopReadingWhileTheOthersGetEverything() throws Exception {
		DefaultEndpoint endpoint = (DefaultEndpoint) this.endpoints.get("/feed");
		List<TestClient> fast = new ArrayList<>();
		List<RawWebSocket> stuck = new ArrayList<>();
		try {
			for (int i = 0; i < 5; i++) {
				fast.add(TestClient.connect("ws://localhost:" + this.port + "/feed"));
			}
			for (int i = 0; i < 3; i++) {
				stuck.add(RawWebSocket.connect(this.port, "/feed", 4096));
			}
			await().dontCatchUncaughtExceptions().until(() -> endpoint.clientCount() == 8);
			Endpoint feed = endpoint;
			String padding = "x".repeat(32 * 1024);
			List<CompletableFuture<Void>> broadcasts = new ArrayList<>();
			// A steady producer: 50 messages of 32 KiB a second, which a reading client keeps up with.
			long start = System.nanoTime();
			for (int i = 0; i < MESSAGES; i++) {
				broadcasts.add(feed.broadcast(i + ":" + padding));
				java.util.concurrent.locks.LockSupport.parkNanos(start + (i + 1) * 20_000_000L - System.nanoTime());
			}
			for (TestClient client : fast) {
				for (int i = 0; i < MESSAGES; i++) {
					assertThat(client.nextText()).startsWith(i + ":");
				}
			}
			CompletableFuture.allOf(broadcasts.toArray(CompletableFuture[]::new)).join();
			await().dontCatchUncaughtExceptions().until(() -> endpoint.clientCount() == 5);
			assertThat(endpoint.stats().droppedByReason().count("slow")).isEqualTo(3);
			assertThat(endpoint.stats().closedByCode().count("1008")).isEqualTo(3);
			assertThat(fast).allSatisfy((client) -> assertThat(client.closed()).isNotDone());
		}
		finally {
			fast.forEach(TestClient::close);
			for (RawWebSocket client : stuck) {
				client.close();
			}
		}
	}

	@SpringBootApplication
	@Import(FeedSocket.class)
	static class SlowConsumerApp {

	}

	@WebsocketEndpoint("/feed")
	static class FeedSocket {

	}

}
