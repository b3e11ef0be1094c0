package io.aerys.websocket.server;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import io.aerys.websocket.Endpoint;
import io.aerys.websocket.Endpoints;
import io.aerys.websocket.OnData;
import io.aerys.websocket.OnOpen;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.test.RawWebSocket;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 20,000 connect, message, disconnect cycles, half of them cut with a TCP reset, leave nothing
 * behind: no client, no group membership, no waiting task, and the heap back where it started.
 * The endpoint's message counts, added up from its clients' counters, lose nothing and never go
 * back as the clients leave.
 */
@SpringBootTest(classes = ChurnTests.ChurnApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChurnTests {

	private static final int CYCLES = 20_000;

	@LocalServerPort
	int port;

	@Autowired
	Endpoints endpoints;

	@Test
	void leavesNothingBehindAfterManyConnectionsComeAndGo() throws Exception {
		DefaultEndpoint endpoint = (DefaultEndpoint) this.endpoints.get("/churn");
		cycles(2_000);
		awaitEmpty(endpoint);
		long before = heapAfterGc();
		long start = System.nanoTime();
		AtomicBoolean cycling = new AtomicBoolean(true);
		// Looks at two counts every millisecond (a busy loop on 2 cores starves the server) and
		// remembers the first time one went back, if ever.
		CompletableFuture<String> countsWhileCycling = CompletableFuture.supplyAsync(() -> {
			long sent = 0;
			long bytes = 0;
			while (cycling.get()) {
				long nowSent = endpoint.stats().messagesSent(false);
				long nowBytes = endpoint.stats().bytesReceived();
				if (nowSent < sent || nowBytes < bytes) {
					return "went back from " + sent + " messages and " + bytes + " bytes to " + nowSent + " and "
							+ nowBytes;
				}
				sent = nowSent;
				bytes = nowBytes;
				LockSupport.parkNanos(1_000_000);
			}
			return "never went back, last " + sent + " messages";
		});
		try {
			cycles(CYCLES);
		}
		finally {
			cycling.set(false);
		}
		long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
		awaitEmpty(endpoint);
		assertThat(countsWhileCycling.join()).startsWith("never went back");
		long bytes = textBytes(2_000) + textBytes(CYCLES);
		assertThat(endpoint.stats().messagesReceived(false)).isEqualTo(CYCLES + 2_000);
		assertThat(endpoint.stats().messagesSent(false)).isEqualTo(CYCLES + 2_000);
		assertThat(endpoint.stats().bytesReceived()).isEqualTo(bytes);
		assertThat(endpoint.stats().bytesSent()).isEqualTo(bytes);
		assertThat(endpoint.stats().messagesReceived(true)).isZero();
		long after = heapAfterGc();
		System.out.printf("churn: %,d cycles in %d s; heap after full GC %,d KiB before, %,d KiB after (%+.1f%%)%n",
				CYCLES, seconds, before / 1024, after / 1024, 100.0 * (after - before) / before);
		assertThat(endpoint.stats().opened()).isEqualTo(CYCLES + 2_000);
		assertThat((double) after).isLessThanOrEqualTo(before * 1.05);
	}

	/** The bytes of the messages "cycle 0" to "cycle {@code count - 1}". */
	private static long textBytes(int count) {
		long bytes = 0;
		for (int i = 0; i < count; i++) {
			bytes += ("cycle " + i).length();
		}
		return bytes;
	}

	private void awaitEmpty(DefaultEndpoint endpoint) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(endpoint.clients()).isEmpty();
			assertThat(endpoint.groupNames()).isEmpty();
			assertThat(endpoint.clientCount()).isZero();
			assertThat(endpoint.reservedPlaces()).isZero();
		});
	}

	private void cycles(int count) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<CompletableFuture<Void>> runs = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int first = t;
				runs.add(CompletableFuture.runAsync(() -> {
					for (int i = first; i < count; i += 4) {
						cycle(i);
					}
				}, threads));
			}
			CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
		}
		finally {
			threads.shutdown();
		}
	}

	private void cycle(int i) {
		try {
			RawWebSocket client = RawWebSocket.connect(this.port, "/churn", 16 * 1024);
			client.sendText("cycle " + i);
			assertThat(client.readText()).isEqualTo("cycle " + i);
			if (i % 2 == 0) {
				client.vanish();
			}
			else {
				client.sendFrame(true, 0x8, new byte[] { 0x03, (byte) 0xE8 });
				client.readCloseCode();
				client.close();
			}
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static long heapAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

	@SpringBootApplication
	@Import(ChurnSocket.class)
	static class ChurnApp {

	}

	@WebsocketEndpoint("/churn")
	static class ChurnSocket {

		private final Endpoint endpoint;

		ChurnSocket(Endpoint endpoint) {
			this.endpoint = endpoint;
		}

		@OnOpen
		void open(long clientId) {
			this.endpoint.group("room-" + (clientId % 10)).join(clientId);
		}

		@OnData
		String data(String text) {
			return text;
		}

	}

}
