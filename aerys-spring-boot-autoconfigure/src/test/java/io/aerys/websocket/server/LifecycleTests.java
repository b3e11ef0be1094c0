package io.aerys.websocket.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.aerys.websocket.Endpoint;
import io.aerys.websocket.Endpoints;
import io.aerys.websocket.OnClose;
import io.aerys.websocket.OnData;
import io.aerys.websocket.OnHandshake;
import io.aerys.websocket.OnOpen;
import io.aerys.websocket.OnStart;
import io.aerys.websocket.OnStop;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.test.RawUpgrade;
import io.aerys.websocket.test.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Start and shutdown of endpoints in a real application, started and closed by each test:
 * {@code @OnStart} before the first handshake; at shutdown 503 for new handshakes, no more
 * {@code @OnData}, {@code @OnStop} awaited and its sends delivered, then 1001 for every client,
 * all within the lifecycle timeout.
 */
class LifecycleTests {

	@Test
	void runsOnStartAndAwaitsItsStageBeforeTheFirstHandshakeIsAccepted() throws Exception {
		Probe probe = new Probe();
		probe.startDelay = Duration.ofMillis(500);
		int port = freePort();
		List<String> attempts = Collections.synchronizedList(new ArrayList<>());
		// The poller gets a thread of its own: on the common pool (one worker on 2 cores) it would
		// hold back @OnStart's delayed stage, which JDK 25 also runs there.
		CompletableFuture<Void> poller = CompletableFuture.runAsync(() -> await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> upgrade(port, attempts) == 101), (task) -> new Thread(task, "upgrade-poller").start());
		try (ConfigurableApplicationContext context = start(probe, "server.port=" + port)) {
			assertThat(poller).succeedsWithin(TestClient.TIMEOUT);
			System.out.printf("While the application started, %d upgrade attempts: %s...%n", attempts.size(),
					attempts.subList(Math.max(0, attempts.size() - 3), attempts.size()));
			assertThat(attempts).last().isEqualTo("101");
			assertThat(attempts).as("attempts before the upgrade was accepted")
				.allMatch((attempt) -> attempt.equals("refused") || attempt.equals("503") || attempt.equals("101"));
			assertThat(probe.events).startsWith("start", "start completed", "handshake");
		}
	}

	private static int upgrade(int port, List<String> attempts) {
		String outcome;
		try {
			outcome = String.valueOf(RawUpgrade.exchange(port, "/life", Map.of()).status());
		}
		catch (IOException ex) {
			outcome = "refused";
		}
		attempts.add(outcome);
		return outcome.equals("refused") ? 0 : Integer.parseInt(outcome);
	}

	@Test
	void stopsInOrderOnContextClose() throws Exception {
		Probe probe = new Probe();
		probe.stopGate = new CompletableFuture<>();
		ConfigurableApplicationContext context = start(probe, "server.port=0",
				"aerys.websocket.lifecycle-timeout=10s");
		int port = port(context);
		Endpoint endpoint = context.getBean(Endpoints.class).get("/life");
		try (TestClient a = connect(port); TestClient b = connect(port)) {
			long idA = Long.parseLong(a.nextText());
			b.nextText();
			for (int i = 0; i < 200; i++) {
				endpoint.send(idA, "queued " + i);
			}
			long start = System.nanoTime();
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			assertThat(probe.stopEntered.await(10, TimeUnit.SECONDS)).as("@OnStop entered").isTrue();

			assertThat(RawUpgrade.send(port, "/life", Map.of()).status()).as("handshake while stopping")
				.isEqualTo(503);
			a.send("during stop");
			await().until(() -> endpoint.client(idA).orElseThrow().messagesReceived() == 1);
			assertThat(closing).as("@OnStop is awaited").isNotDone();
			probe.stopGate.complete(null);

			for (int i = 0; i < 200; i++) {
				assertThat(a.nextText()).isEqualTo("queued " + i);
			}
			assertThat(a.nextText()).isEqualTo("Byebye!");
			assertThat(b.nextText()).isEqualTo("Byebye!");
			assertThat(a.awaitClose().code()).isEqualTo(1001);
			assertThat(b.awaitClose().code()).isEqualTo(1001);
			assertThat(closing).succeedsWithin(TestClient.TIMEOUT);
			System.out.printf("Context closed in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
		}
		assertThat(probe.data).as("@OnData after @OnStop started").isEmpty();
		assertThat(probe.events).containsSubsequence("stop", "stop completed", "close 1001", "close 1001")
			.filteredOn((event) -> event.startsWith("close"))
			.containsExactly("close 1001", "close 1001");
	}

	@Test
	void finishesShutdownWithinTheLifecycleTimeout() throws Exception {
		Probe probe = new Probe();
		probe.stopGate = new CompletableFuture<>();
		Duration timeout = Duration.ofSeconds(2);
		ConfigurableApplicationContext context = start(probe, "server.port=0",
				"aerys.websocket.lifecycle-timeout=" + timeout.toMillis() + "ms");
		int port = port(context);
		try (TestClient idle = connect(port); TestClient stuck = connect(port)) {
			idle.nextText();
			stuck.nextText();
			stuck.send("block");
			assertThat(probe.blocked.await(10, TimeUnit.SECONDS)).as("callback blocked").isTrue();
			long start = System.nanoTime();
			context.close();
			long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			System.out.printf("With @OnStop never completing and a callback blocked, the context closed in %d ms "
					+ "(lifecycle-timeout %d ms)%n", took, timeout.toMillis());
			// @OnStop is awaited for most of the budget, and the whole shutdown, Tomcat's included, keeps to it.
			assertThat(took).as("shutdown time").isBetween(timeout.toMillis() / 2, timeout.toMillis() + 1000);
			assertThat(idle.awaitClose().code()).isEqualTo(1001);
			assertThat(stuck.awaitClose().code()).isEqualTo(1001);
			assertThat(probe.events).contains("close 1001");
		}
		finally {
			probe.unblock.countDown();
		}
	}

	@Test
	void releasesItsThreadsWhenTheContextCloses() {
		Set<Thread> before = runtimeThreads();
		Probe probe = new Probe();
		ConfigurableApplicationContext context = start(probe, "server.port=0");
		try (TestClient client = connect(port(context))) {
			client.nextText();
			client.close(1000, "done");
			await().until(() -> probe.events.contains("close 1000"));
		}
		assertThat(runtimeThreads()).as("threads of the runtime while running").isNotEqualTo(before);
		context.close();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(runtimeThreads()).as("threads of the runtime after close")
				.isSubsetOf(before));
	}

	private static Set<Thread> runtimeThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().startsWith("aerys-ws-"))
			.collect(Collectors.toSet());
	}

	private static ConfigurableApplicationContext start(Probe probe, String... properties) {
		return new SpringApplicationBuilder(LifecycleApp.class)
			.initializers((context) -> context.getBeanFactory().registerSingleton("probe", probe))
			.properties(properties)
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static TestClient connect(int port) {
		return TestClient.connect("ws://localhost:" + port + "/life");
	}

	/**
	 * What the endpoint saw, and the knobs a test turns.
	 */
	static class Probe {

		final Queue<String> events = new ConcurrentLinkedQueue<>();

		final Queue<String> data = new ConcurrentLinkedQueue<>();

		final CountDownLatch stopEntered = new CountDownLatch(1);

		final CountDownLatch blocked = new CountDownLatch(1);

		final CountDownLatch unblock = new CountDownLatch(1);

		volatile Duration startDelay = Duration.ZERO;

		volatile CompletableFuture<Void> stopGate = CompletableFuture.completedFuture(null);

	}

	@SpringBootApplication
	@Import(LifecycleSocket.class)
	static class LifecycleApp {

	}

	@WebsocketEndpoint("/life")
	static class LifecycleSocket {

		private final Probe probe;

		LifecycleSocket(Probe probe) {
			this.probe = probe;
		}

		@OnStart
		CompletionStage<Void> start() {
			this.probe.events.add("start");
			return CompletableFuture.runAsync(() -> this.probe.events.add("start completed"),
					CompletableFuture.delayedExecutor(this.probe.startDelay.toMillis(), TimeUnit.MILLISECONDS));
		}

		@OnHandshake
		void handshake() {
			this.probe.events.add("handshake");
		}

		@OnOpen
		String open(long clientId) {
			return String.valueOf(clientId);
		}

		@OnData
		String data(String text) throws InterruptedException {
			this.probe.data.add(text);
			if (text.equals("block")) {
				this.probe.blocked.countDown();
				this.probe.unblock.await(30, TimeUnit.SECONDS);
			}
			return "echo: " + text;
		}

		@OnStop
		CompletionStage<Void> stop(Endpoint endpoint) {
			this.probe.events.add("stop");
			this.probe.stopEntered.countDown();
			return this.probe.stopGate.thenCompose((ignored) -> endpoint.broadcast("Byebye!"))
				.thenRun(() -> this.probe.events.add("stop completed"));
		}

		@OnClose
		void close(int code) {
			this.probe.events.add("close " + code);
		}

	}

}
