package io.aerys.websocket.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.aerys.websocket.Endpoints;
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
 * A client that stops reading while its own callback replies is dropped with 1008 once one write
 * to it has gone on for longer than the send time limit, with the send buffer limit far away: the
 * reply is written in place, so nothing queues. Another client's replies carry on meanwhile.
 */
@SpringBootTest(classes = SendTimeLimitTests.SendTimeLimitApp.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "aerys.websocket.send-time-limit=1s", "aerys.websocket.send-buffer-limit=256MB" })
class SendTimeLimitTests {

	private static final String LARGE = "x".repeat(256 * 1024);

	@LocalServerPort
	int port;

	@Autowired
	Endpoints endpoints;

	@Test
	void dropsAClientWhoseReplyInPlaceDoesNotEndWithinTheLimit() throws Exception {
		DefaultEndpoint endpoint = (DefaultEndpoint) this.endpoints.get("/large");
		TestClient reader = TestClient.connect("ws://localhost:" + this.port + "/large");
		try (RawWebSocket stuck = RawWebSocket.connect(this.port, "/large", 4096)) {
			await().dontCatchUncaughtExceptions().until(() -> endpoint.clientCount() == 2);
			// 10 MiB of replies: more than the socket buffers hold, so a write waits for the client.
			for (int i = 0; i < 40; i++) {
				stuck.sendText("large");
			}
			await().dontCatchUncaughtExceptions()
				.atMost(Duration.ofSeconds(10))
				.until(() -> endpoint.stats().droppedByReason().count("slow") == 1);
			await().dontCatchUncaughtExceptions().until(() -> endpoint.clientCount() == 1);
			assertThat(endpoint.stats().closedByCode().count("1008")).isEqualTo(1);
			reader.send("small");
			assertThat(reader.nextText()).isEqualTo("small");
			reader.send("large");
			assertThat(reader.nextText().getBytes(StandardCharsets.UTF_8)).hasSize(LARGE.length());
			assertThat(reader.closed()).isNotDone();
		}
		finally {
			reader.close();
		}
	}

	@SpringBootApplication
	@Import(LargeReplies.class)
	static class SendTimeLimitApp {

	}

	@WebsocketEndpoint("/large")
	static class LargeReplies {

		@OnData
		String reply(String message) {
			return message.equals("large") ? LARGE : message;
		}

	}

}
