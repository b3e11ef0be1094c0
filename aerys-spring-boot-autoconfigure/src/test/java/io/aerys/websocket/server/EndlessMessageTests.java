package io.aerys.websocket.server;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.aerys.websocket.OnData;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.test.RawWebSocket;
import io.aerys.websocket.test.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message that never ends, or that trickles in, is closed with 1008 within the message timeout
 * or the pong timeout, whatever the size limit says, while other clients are served.
 */
@SpringBootTest(classes = EndlessMessageTests.EndlessApp.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "aerys.websocket.message-timeout=1s", "aerys.websocket.ping-interval=300ms",
				"aerys.websocket.pong-timeout=2s" })
class EndlessMessageTests {

	private static final Duration DEADLINE = Duration.ofSeconds(2);

	@LocalServerPort
	int port;

	@Test
	void closesAMessageOfEndlessEmptyContinuations() throws Exception {
		assertClosedWithin(DEADLINE, (client) -> {
			client.sendFrame(false, 0x1, new byte[] { 'a' });
			while (true) {
				client.sendFrame(false, 0x0, new byte[0]);
				Thread.sleep(5);
			}
		});
	}

	@Test
	void closesAMessageOfEndlessOneByteContinuations() throws Exception {
		assertClosedWithin(DEADLINE, (client) -> {
			client.sendFrame(false, 0x2, new byte[] { 1 });
			while (true) {
				client.sendFrame(false, 0x0, new byte[] { 1 });
				Thread.sleep(5);
			}
		});
	}

	@Test
	void closesAFrameThatArrivesAByteAtATime() throws Exception {
		assertClosedWithin(DEADLINE, (client) -> {
			// A masked binary frame announcing 100 bytes, then one byte every 100 ms.
			client.write(new byte[] { (byte) 0x82, (byte) (0x80 | 100), 1, 2, 3, 4 });
			while (true) {
				client.write(new byte[] { 7 });
				Thread.sleep(100);
			}
		});
	}

	private void assertClosedWithin(Duration deadline, Misbehaviour misbehaviour) throws Exception {
		try (TestClient bystander = TestClient.connect("ws://localhost:" + this.port + "/endless");
				RawWebSocket client = RawWebSocket.connect(this.port, "/endless", 65536)) {
			long start = System.nanoTime();
			CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
				try {
					misbehaviour.run(client);
				}
				catch (Exception ex) {
					// the server closed the connection
				}
			});
			bystander.send("served");
			assertThat(bystander.nextText()).isEqualTo("served");
			assertThat(client.readCloseCode()).isEqualTo(1008);
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(took).isLessThan(deadline.plusSeconds(2));
			bystander.send("still served");
			assertThat(bystander.nextText()).isEqualTo("still served");
			client.close();
			writing.cancel(true);
		}
	}

	@FunctionalInterface
	interface Misbehaviour {

		void run(RawWebSocket client) throws Exception;

	}

	@SpringBootApplication
	@Import(EndlessSocket.class)
	static class EndlessApp {

	}

	@WebsocketEndpoint("/endless")
	static class EndlessSocket {

		@OnData
		String data(String text) {
			return text;
		}

	}

}
