package io.aerys.websocket.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.aerys.websocket.Endpoint;
import io.aerys.websocket.OnClose;
import io.aerys.websocket.OnData;
import io.aerys.websocket.OnStop;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.test.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With 1,000 clients connected and messages in flight, shutdown runs {@code @OnStop}, delivers
 * what it sends and what was queued before, closes every client with 1001 and runs
 * {@code @OnClose} for each, within the lifecycle timeout; no client sees a message cut in half or
 * a gap in the broadcasts it received.
 */
class ShutdownUnderLoadTests {

	private static final int CLIENTS = 1000;

	private static final String PAYLOAD = "x".repeat(1000);

	static final AtomicInteger closes = new AtomicInteger();

	@Test
	void shutsDownGracefullyUnderLoad() throws Exception {
		ConfigurableApplicationContext context = SpringApplication.run(LoadApp.class, "--server.port=0",
				"--aerys.websocket.lifecycle-timeout=10s", "--spring.main.banner-mode=off");
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		List<TestClient> clients = new ArrayList<>();
		AtomicBoolean producing = new AtomicBoolean(true);
		try {
			for (int i = 0; i < CLIENTS; i++) {
				clients.add(TestClient.connect("ws://localhost:" + port + "/load"));
			}
			Endpoint endpoint = context.getBean(io.aerys.websocket.Endpoints.class).get("/load");
			await().until(() -> endpoint.clients().size() == CLIENTS);
			CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
				int sequence = 0;
				while (producing.get()) {
					endpoint.broadcast((sequence++) + ":" + PAYLOAD);
					java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
				}
			});
			for (int i = 0; i < 50; i++) {
				clients.get(i).send("echo " + i);
			}
			// Let the broadcasts reach the last client that connected before shutting down.
			assertThat(clients.get(CLIENTS - 1).nextText()).endsWith(PAYLOAD);
			long start = System.nanoTime();
			context.close();
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			producing.set(false);
			producer.join();
			System.out.printf("shutdown with %d clients took %d ms%n", CLIENTS, took.toMillis());
			assertThat(took).isLessThan(Duration.ofSeconds(10));
			assertThat(closes.get()).isEqualTo(CLIENTS);
			for (TestClient client : clients) {
				TestClient.Close close = client.awaitClose();
				assertThat(close.code()).isEqualTo(1001);
				List<Object> messages = new ArrayList<>();
				Object message;
				while ((message = client.poll()) != null) {
					messages.add(message);
				}
				assertThat(messages).contains("Byebye!");
				int previous = -1;
				for (Object received : messages) {
					String text = (String) received;
					if (text.equals("Byebye!") || text.startsWith("echo")) {
						continue;
					}
					int sequence = Integer.parseInt(text.substring(0, text.indexOf(':')));
					assertThat(text.substring(text.indexOf(':') + 1)).as("a whole message").isEqualTo(PAYLOAD);
					assertThat(previous < 0 || sequence == previous + 1).as("no message lost before the close")
						.isTrue();
					previous = sequence;
				}
			}
		}
		finally {
			producing.set(false);
			context.close();
		}
	}

	@SpringBootApplication
	@Import(LoadSocket.class)
	static class LoadApp {

	}

	@WebsocketEndpoint("/load")
	static class LoadSocket {

		private final Endpoint endpoint;

		LoadSocket(Endpoint endpoint) {
			this.endpoint = endpoint;
		}

		@OnData
		String data(String text) {
			return text;
		}

		@OnStop
		CompletionStage<Void> stop() {
			return this.endpoint.broadcast("Byebye!");
		}

		@OnClose
		void close() {
			closes.incrementAndGet();
		}

	}

}
