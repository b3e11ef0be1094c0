package io.aerys.websocket.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.aerys.websocket.Endpoint;
import io.aerys.websocket.Endpoints;
import io.aerys.websocket.OnClose;
import io.aerys.websocket.OnData;
import io.aerys.websocket.OnOpen;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.test.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order and threads of callbacks over a real socket: one at a time and in order for a
 * client, in parallel across clients, a blocking callback holding back only its own client and a
 * returned stage holding back the client's next message.
 */
@SpringBootTest(classes = OrderingTests.OrderingApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderingTests {

	private static final int CLIENTS = 4;

	private static final int MESSAGES = 1000;

	@LocalServerPort
	int port;

	@Autowired
	Recorder recorder;

	@Autowired
	Endpoints endpoints;

	@Test
	void runsTheCallbacksOfAClientOneAtATimeInOrder() throws Exception {
		ExecutorService senders = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<Long>> clients = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				clients.add(senders.submit(() -> {
					try (TestClient client = connect("/ordered")) {
						long id = Long.parseLong(client.nextText());
						for (int i = 0; i < MESSAGES; i++) {
							client.send(String.valueOf(i));
						}
						assertThat(client.nextTexts(MESSAGES)).as("replies in order")
							.containsExactlyElementsOf(numbers());
						return id;
					}
				}));
			}
			for (Future<Long> client : clients) {
				long id = client.get(60, TimeUnit.SECONDS);
				List<String> expected = new ArrayList<>();
				expected.add("open");
				expected.addAll(numbers());
				expected.add("close");
				await().untilAsserted(() -> assertThat(this.recorder.calls(id)).containsExactlyElementsOf(expected));
			}
		}
		finally {
			senders.shutdownNow();
		}
		assertThat(this.recorder.overlaps()).as("callbacks of one client that overlapped").isEmpty();
		assertThat(this.recorder.maxClientsInside()).as("clients inside a callback at once").isGreaterThan(1);
	}

	private static List<String> numbers() {
		return IntStream.range(0, MESSAGES).mapToObj(String::valueOf).toList();
	}

	@Test
	void aBlockingCallbackHoldsBackOnlyItsOwnClient() throws Exception {
		int sleepers = 8;
		List<TestClient> sleeping = new ArrayList<>();
		try (TestClient other = connect("/sleepy")) {
			SleepySocket.entered = new CountDownLatch(sleepers);
			SleepySocket.woken = new CountDownLatch(sleepers);
			for (int i = 0; i < sleepers; i++) {
				TestClient sleeper = connect("/sleepy");
				sleeping.add(sleeper);
				sleeper.send("sleep");
				sleeper.send("after sleep");
			}
			long start = System.nanoTime();
			assertThat(SleepySocket.entered.await(10, TimeUnit.SECONDS)).as("every sleeper asleep").isTrue();
			long roundTripStart = System.nanoTime();
			other.send("ping");
			assertThat(other.nextText()).isEqualTo("echo: ping");
			long roundTrip = System.nanoTime() - roundTripStart;
			assertThat(SleepySocket.woken.getCount()).as("sleepers still asleep when the echo came back")
				.isEqualTo(sleepers);
			for (TestClient sleeper : sleeping) {
				assertThat(sleeper.nextText()).isEqualTo("slept");
				assertThat(sleeper.nextText()).isEqualTo("echo: after sleep");
			}
			long sleptFor = System.nanoTime() - start;
			System.out.printf("While %d clients slept 2 s in @OnData, another client's echo took %.1f ms; "
					+ "the sleepers were answered after %d ms%n", sleepers, roundTrip / 1e6,
					TimeUnit.NANOSECONDS.toMillis(sleptFor));
			assertThat(TimeUnit.NANOSECONDS.toMillis(sleptFor)).as("sleepers ran in parallel").isLessThan(3900);
		}
		finally {
			sleeping.forEach(TestClient::close);
		}
	}

	@Test
	void aReturnedStageHoldsBackTheNextMessageOfItsClientUntilItCompletes() {
		CompletableFuture<String> gate = new CompletableFuture<>();
		HeldSocket.gate = gate;
		Endpoint held = this.endpoints.get(HeldSocket.class);
		try (TestClient client = connect("/held"); TestClient other = connect("/held")) {
			long id = Long.parseLong(client.nextText());
			other.nextText();
			client.send("hold");
			client.send("next");
			await().until(() -> held.client(id).orElseThrow().messagesReceived() == 2);
			other.send("meanwhile");
			assertThat(other.nextText()).isEqualTo("reply to meanwhile");
			assertThat(this.recorder.calls(id)).as("data callbacks while the stage is incomplete")
				.containsExactly("open", "hold");
			gate.complete("released");
			assertThat(client.nextText()).isEqualTo("released");
			assertThat(client.nextText()).isEqualTo("reply to next");
			assertThat(this.recorder.calls(id)).containsExactly("open", "hold", "next");
		}
	}

	private TestClient connect(String path) {
		return TestClient.connect("ws://localhost:" + this.port + path);
	}

	/**
	 * The calls of each client, and any call that started while another of the same client ran.
	 */
	static class Recorder {

		private final Map<Long, Queue<String>> calls = new ConcurrentHashMap<>();

		private final Map<Long, AtomicInteger> inside = new ConcurrentHashMap<>();

		private final Queue<String> overlaps = new ConcurrentLinkedQueue<>();

		private final AtomicInteger clientsInside = new AtomicInteger();

		private final AtomicInteger maxClientsInside = new AtomicInteger();

		void enter(long clientId, String call) {
			int concurrent = this.inside.computeIfAbsent(clientId, (id) -> new AtomicInteger()).incrementAndGet();
			if (concurrent != 1) {
				this.overlaps.add("client " + clientId + ": " + call);
			}
			this.maxClientsInside.accumulateAndGet(this.clientsInside.incrementAndGet(), Math::max);
			this.calls.computeIfAbsent(clientId, (id) -> new ConcurrentLinkedQueue<>()).add(call);
		}

		void exit(long clientId) {
			this.clientsInside.decrementAndGet();
			this.inside.get(clientId).decrementAndGet();
		}

		List<String> calls(long clientId) {
			Queue<String> calls = this.calls.get(clientId);
			return (calls != null) ? List.copyOf(calls) : List.of();
		}

		List<String> overlaps() {
			return List.copyOf(this.overlaps);
		}

		int maxClientsInside() {
			return this.maxClientsInside.get();
		}

	}

	@SpringBootApplication
	@Import({ OrderedSocket.class, SleepySocket.class, HeldSocket.class })
	static class OrderingApp {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

	@WebsocketEndpoint("/ordered")
	static class OrderedSocket {

		private final Recorder recorder;

		OrderedSocket(Recorder recorder) {
			this.recorder = recorder;
		}

		@OnOpen
		String open(long clientId) {
			this.recorder.enter(clientId, "open");
			this.recorder.exit(clientId);
			return String.valueOf(clientId);
		}

		/**
		 * Every seventh message completes later on another thread, so the client's mailbox keeps
		 * switching between running inline and queueing.
		 */
		@OnData
		CompletionStage<String> data(long clientId, String text) {
			this.recorder.enter(clientId, text);
			if (Integer.parseInt(text) % 7 == 0) {
				return CompletableFuture.supplyAsync(() -> {
					this.recorder.exit(clientId);
					return text;
				}, CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS));
			}
			Thread.yield();
			this.recorder.exit(clientId);
			return CompletableFuture.completedFuture(text);
		}

		@OnClose
		void close(long clientId) {
			this.recorder.enter(clientId, "close");
			this.recorder.exit(clientId);
		}

	}

	@WebsocketEndpoint("/sleepy")
	static class SleepySocket {

		static volatile CountDownLatch entered = new CountDownLatch(0);

		static volatile CountDownLatch woken = new CountDownLatch(0);

		@OnData
		String data(String text) throws InterruptedException {
			if (text.equals("sleep")) {
				entered.countDown();
				// The blocking call under test, as a database call would block.
				Thread.sleep(2000);
				woken.countDown();
				return "slept";
			}
			return "echo: " + text;
		}

	}

	@WebsocketEndpoint("/held")
	static class HeldSocket {

		static volatile CompletableFuture<String> gate = new CompletableFuture<>();

		private final Recorder recorder;

		HeldSocket(Recorder recorder) {
			this.recorder = recorder;
		}

		@OnOpen
		String open(long clientId) {
			this.recorder.enter(clientId, "open");
			this.recorder.exit(clientId);
			return String.valueOf(clientId);
		}

		@OnData
		CompletionStage<String> data(long clientId, String text) {
			this.recorder.enter(clientId, text);
			if (text.equals("hold")) {
				return gate.whenComplete((result, failure) -> this.recorder.exit(clientId));
			}
			this.recorder.exit(clientId);
			return CompletableFuture.completedFuture("reply to " + text);
		}

	}

}
