package io.aerys.websocket.server;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.aerys.websocket.ClientInfo;
import io.aerys.websocket.Endpoint;
import io.aerys.websocket.Endpoints;
import io.aerys.websocket.Group;
import io.aerys.websocket.OnClose;
import io.aerys.websocket.OnData;
import io.aerys.websocket.OnError;
import io.aerys.websocket.OnOpen;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.test.Events;
import io.aerys.websocket.test.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The {@link Endpoint} handle over a real socket: sends to one client, some, a group or all,
 * closes, client snapshots, groups, concurrent sends, injection, and a failing callback.
 */
@SpringBootTest(classes = EndpointTests.EndpointApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EndpointTests {

	private static final int BIG_REPLY_SIZE = 400 * 1024;

	@LocalServerPort
	int port;

	@Autowired
	Endpoints endpoints;

	@Autowired
	HubSocket hub;

	@Autowired
	Announcer announcer;

	@Autowired
	Events events;

	@Test
	void sendsTextAndBinaryToOneClient() {
		try (Connection a = connect(); Connection b = connect()) {
			Endpoint endpoint = hub();
			assertThat(endpoint.send(a.id, "to a")).succeedsWithin(TestClient.TIMEOUT);
			assertThat(endpoint.sendBinary(a.id, ByteBuffer.wrap(new byte[] { 4, 2 }))).succeedsWithin(TestClient.TIMEOUT);
			assertThat(a.client.nextText()).isEqualTo("to a");
			assertThat(a.client.nextBinary()).containsExactly(4, 2);
			assertNextIsMarker(b);
		}
	}

	@Test
	void failsASendToAClientThatIsNotConnected() {
		assertThat(hub().send(-1, "nobody")).failsWithin(TestClient.TIMEOUT)
			.withThrowableThat()
			.withMessageContaining("No client -1 is connected");
	}

	@Test
	void multicastsToSomeClientsSkippingUnknownIds() {
		try (Connection a = connect(); Connection b = connect(); Connection c = connect()) {
			Endpoint endpoint = hub();
			assertThat(endpoint.multicast(List.of(a.id, c.id, -1L), "some")).succeedsWithin(TestClient.TIMEOUT);
			assertThat(endpoint.multicastBinary(List.of(a.id, c.id), ByteBuffer.wrap(new byte[] { 7 })))
				.succeedsWithin(TestClient.TIMEOUT);
			for (Connection target : List.of(a, c)) {
				assertThat(target.client.nextText()).isEqualTo("some");
				assertThat(target.client.nextBinary()).containsExactly(7);
			}
			assertNextIsMarker(b);
		}
	}

	@Test
	void broadcastsToEveryClientOrAllButSome() {
		try (Connection a = connect(); Connection b = connect(); Connection c = connect()) {
			Endpoint endpoint = hub();
			assertThat(endpoint.broadcast("everyone")).succeedsWithin(TestClient.TIMEOUT);
			assertThat(endpoint.broadcast("not b", List.of(b.id))).succeedsWithin(TestClient.TIMEOUT);
			assertThat(endpoint.broadcastBinary(ByteBuffer.wrap(new byte[] { 1, 2, 3 })))
				.succeedsWithin(TestClient.TIMEOUT);
			for (Connection target : List.of(a, c)) {
				assertThat(target.client.nextText()).isEqualTo("everyone");
				assertThat(target.client.nextText()).isEqualTo("not b");
				assertThat(target.client.nextBinary()).containsExactly(1, 2, 3);
			}
			assertThat(b.client.nextText()).isEqualTo("everyone");
			assertThat(b.client.nextBinary()).containsExactly(1, 2, 3);
		}
	}

	@Test
	void broadcastsBurstsFromManyThreadsToEveryClientInOrderPerThread() throws Exception {
		int threads = 4;
		int broadcasts = 500;
		List<Connection> connections = new ArrayList<>();
		try {
			for (int i = 0; i < 10; i++) {
				connections.add(connect());
			}
			Endpoint endpoint = hub();
			List<CompletableFuture<Void>> all = fromThreads(threads, broadcasts,
					(thread, i) -> endpoint.broadcast(thread + ":" + i));
			assertThat(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)))
				.succeedsWithin(TestClient.TIMEOUT);
			for (Connection connection : connections) {
				assertInOrderPerThread(connection.client.nextTexts(threads * broadcasts), threads, broadcasts);
				assertThat(endpoint.client(connection.id).orElseThrow().messagesSent()).isEqualTo(1 + threads * broadcasts);
			}
		}
		finally {
			connections.forEach(Connection::close);
		}
	}

	@Test
	void batchesThroughTomcatsOutputBufferWithoutBlocking() {
		try (Connection a = connect()) {
			// Reached through Tomcat internals: a Tomcat upgrade that moves them fails here, not
			// silently in the benchmarks.
			assertThat(((DefaultEndpoint) hub()).connected()).isNotEmpty()
				.allSatisfy((client) -> assertThat(client.transport().batches()).isTrue());
		}
	}

	@Test
	void closesAClientWithCodeAndReasonAfterWhatWasQueued() {
		try (Connection a = connect(); Connection b = connect()) {
			Endpoint endpoint = hub();
			endpoint.send(a.id, "last words");
			CompletableFuture<Void> closed = endpoint.close(a.id, 4000, "see you");
			assertThat(a.client.nextText()).isEqualTo("last words");
			assertThat(a.client.awaitClose()).isEqualTo(new TestClient.Close(4000, "see you"));
			assertThat(closed).succeedsWithin(TestClient.TIMEOUT);
			assertThat(this.events.all()).as("@OnClose ran before the close completed")
				.contains("close " + a.id + " 4000 see you");
			assertThat(endpoint.clients()).doesNotContain(a.id).contains(b.id);
			assertThat(endpoint.client(a.id)).isEmpty();
		}
	}

	@Test
	void listsClientsWithTheirCounters() {
		try (Connection a = connect(Map.of("X-Test", "counted")); Connection b = connect()) {
			Endpoint endpoint = hub();
			assertThat(endpoint.clients()).contains(a.id, b.id);
			a.client.send("echo héllo");
			a.client.sendBinary(new byte[] { 1, 2, 3, 4, 5 });
			assertThat(a.client.nextText()).isEqualTo("héllo");
			await().untilAsserted(() -> {
				ClientInfo info = endpoint.client(a.id).orElseThrow();
				assertThat(info.messagesReceived()).isEqualTo(2);
				assertThat(info.bytesReceived()).isEqualTo(11 + 5);
				// The id sent by @OnOpen, then the echo.
				assertThat(info.messagesSent()).isEqualTo(2);
				assertThat(info.bytesSent()).isEqualTo(String.valueOf(a.id).length() + 6);
			});
			ClientInfo info = endpoint.client(a.id).orElseThrow();
			assertThat(info.id()).isEqualTo(a.id);
			assertThat(info.endpointPath()).isEqualTo("/hub");
			assertThat(info.remoteAddress()).isNotNull();
			assertThat(info.handshakeHeaders().getFirst("X-Test")).isEqualTo("counted");
			assertThat(info.lastActivityAt()).isAfterOrEqualTo(info.connectedAt());
			assertThat(endpoint.client(b.id).orElseThrow().messagesReceived()).isZero();
			assertThat(endpoint.client(-1)).isEmpty();
		}
	}

	@Test
	void sendsToTheMembersOfAGroup() {
		try (Connection a = connect(); Connection b = connect(); Connection c = connect()) {
			Group room = hub().group("room");
			assertThat(room.name()).isEqualTo("room");
			assertThat(room.join(a.id)).isTrue();
			assertThat(room.join(b.id)).isTrue();
			assertThat(room.join(b.id)).as("joining twice").isFalse();
			assertThat(room.join(-1)).as("joining while not connected").isFalse();
			assertThat(hub().group("room").members()).containsExactlyInAnyOrder(a.id, b.id);
			assertThat(room.send("to the room")).succeedsWithin(TestClient.TIMEOUT);
			assertThat(room.sendBinary(ByteBuffer.wrap(new byte[] { 9 }))).succeedsWithin(TestClient.TIMEOUT);
			for (Connection member : List.of(a, b)) {
				assertThat(member.client.nextText()).isEqualTo("to the room");
				assertThat(member.client.nextBinary()).containsExactly(9);
			}
			assertNextIsMarker(c);
			assertThat(room.leave(b.id)).isTrue();
			assertThat(room.leave(b.id)).isFalse();
			room.send("after b left");
			assertThat(a.client.nextText()).isEqualTo("after b left");
			assertNextIsMarker(b);
		}
	}

	@Test
	void clientsLeaveTheirGroupsWhenTheyCloseAndAnEmptyGroupDisappears() {
		DefaultEndpoint endpoint = (DefaultEndpoint) hub();
		try (Connection a = connect(); Connection b = connect()) {
			endpoint.group("lonely").join(a.id);
			endpoint.group("pair").join(a.id);
			endpoint.group("pair").join(b.id);
			assertThat(endpoint.groupNames()).contains("lonely", "pair");
			a.client.close(1000, "bye");
			await().untilAsserted(() -> assertThat(endpoint.group("pair").members()).containsExactly(b.id));
			assertThat(endpoint.group("lonely").members()).isEmpty();
			assertThat(endpoint.groupNames()).doesNotContain("lonely").contains("pair");
			endpoint.group("pair").leave(b.id);
			assertThat(endpoint.groupNames()).doesNotContain("pair");
		}
	}

	@Test
	void sendsFromManyThreadsAtOnceToOneClient() throws Exception {
		int threads = 8;
		int sends = 500;
		try (Connection a = connect()) {
			Endpoint endpoint = hub();
			List<CompletableFuture<Void>> all = fromThreads(threads, sends, (thread, i) -> endpoint.send(a.id, thread + ":" + i));
			assertThat(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)))
				.succeedsWithin(TestClient.TIMEOUT);
			assertInOrderPerThread(a.client.nextTexts(threads * sends), threads, sends);
			assertThat(endpoint.client(a.id).orElseThrow().messagesSent()).isEqualTo(1 + threads * sends);
		}
	}

	/**
	 * Start sends from several threads at once and collect their futures.
	 */
	private static List<CompletableFuture<Void>> fromThreads(int threads, int perThread,
			java.util.function.BiFunction<Integer, Integer, CompletableFuture<Void>> send) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<List<CompletableFuture<Void>>>> senders = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			senders.add(CompletableFuture.supplyAsync(() -> {
				awaitQuietly(start);
				List<CompletableFuture<Void>> futures = new ArrayList<>(perThread);
				for (int i = 0; i < perThread; i++) {
					futures.add(send.apply(thread, i));
				}
				return futures;
			}, (runnable) -> new Thread(runnable, "sender-" + thread).start()));
		}
		start.countDown();
		List<CompletableFuture<Void>> all = new ArrayList<>();
		for (CompletableFuture<List<CompletableFuture<Void>>> sender : senders) {
			all.addAll(sender.get(10, TimeUnit.SECONDS));
		}
		return all;
	}

	/**
	 * Assert that messages {@code thread:index} hold every index of every thread, each thread's in order.
	 */
	private static void assertInOrderPerThread(List<String> messages, int threads, int perThread) {
		Map<Integer, Integer> lastOfThread = new HashMap<>();
		for (String message : messages) {
			int thread = Integer.parseInt(message.substring(0, message.indexOf(':')));
			int index = Integer.parseInt(message.substring(message.indexOf(':') + 1));
			assertThat(index).as("order of thread " + thread).isEqualTo(lastOfThread.getOrDefault(thread, -1) + 1);
			lastOfThread.put(thread, index);
		}
		assertThat(lastOfThread).hasSize(threads).allSatisfy((thread, last) -> assertThat(last).isEqualTo(perThread - 1));
	}

	@Test
	void injectsTheEndpointIntoTheConstructorOfItsClass() {
		assertThat(this.hub.endpoint).isSameAs(this.endpoints.get("/hub"));
		try (Connection a = connect(); Connection b = connect()) {
			a.client.send("shout hello all");
			assertThat(a.client.nextText()).isEqualTo("hello all");
			assertThat(b.client.nextText()).isEqualTo("hello all");
		}
	}

	@Test
	void findsEndpointsByPathOrClassFromAnotherBean() {
		assertThat(this.announcer.byPath("/hub")).isSameAs(this.announcer.byClass(HubSocket.class));
		assertThat(this.announcer.byClass(OtherSocket.class).path()).isEqualTo("/other");
		assertThat(this.endpoints.all()).extracting(Endpoint::path).containsExactlyInAnyOrder("/hub", "/other");
		try (Connection a = connect()) {
			assertThat(this.announcer.byClass(HubSocket.class).broadcast("announcement"))
				.succeedsWithin(TestClient.TIMEOUT);
			assertThat(a.client.nextText()).isEqualTo("announcement");
		}
	}

	@Test
	void namesTheKnownPathsForAnUnknownEndpoint() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.announcer.byPath("/nope"))
			.withMessageContaining("/nope")
			.withMessageContaining("/hub")
			.withMessageContaining("/other");
		assertThatIllegalArgumentException().isThrownBy(() -> this.announcer.byClass(String.class))
			.withMessageContaining(String.class.getName())
			.withMessageContaining("/hub")
			.withMessageContaining("/other");
	}

	@Test
	void closesWith1011AClientWhoseCallbackThrowsWhileOthersKeepWorking() {
		try (Connection a = connect(); Connection b = connect()) {
			a.client.send("boom");
			assertThat(a.client.awaitClose().code()).isEqualTo(1011);
			await().untilAsserted(() -> assertThat(this.events.all()).contains(
					"error " + a.id + " IllegalStateException: boom", "close " + a.id + " 1011 Internal error"));
			b.client.send("echo still here");
			assertThat(b.client.nextText()).isEqualTo("still here");
			assertThat(hub().clients()).contains(b.id).doesNotContain(a.id);
		}
	}

	@Test
	void closesWith1011OnlyOnceTheMessageBeingWrittenIsWhole() throws Exception {
		Queue<Throwable> uncaught = new ConcurrentLinkedQueue<>();
		Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
		Thread.setDefaultUncaughtExceptionHandler((thread, ex) -> uncaught.add(ex));
		try {
			for (int i = 0; i < 10; i++) {
				try (Connection a = connect()) {
					// Tomcat writes this text in about 50 parts; the failure closes the client meanwhile.
					a.client.send("big then boom");
					// 400 KB through a loaded machine's loopback may take a while; it must arrive whole.
					assertThat(a.client.nextText(Duration.ofSeconds(30))).hasSize(BIG_REPLY_SIZE);
					assertThat(a.client.awaitClose().code()).isEqualTo(1011);
				}
			}
		}
		finally {
			Thread.setDefaultUncaughtExceptionHandler(previous);
		}
		assertThat(uncaught).as("exceptions thrown on container threads").isEmpty();
	}

	private Endpoint hub() {
		return this.endpoints.get("/hub");
	}

	/**
	 * Send a marker to a client and check it is the next message, proving that nothing else was
	 * sent to it before.
	 */
	private void assertNextIsMarker(Connection connection) {
		hub().send(connection.id, "marker");
		assertThat(connection.client.nextText()).isEqualTo("marker");
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Connection connect() {
		return connect(Map.of());
	}

	private Connection connect(Map<String, String> headers) {
		TestClient client = TestClient.connect("ws://localhost:" + this.port + "/hub", headers);
		return new Connection(Long.parseLong(client.nextText()), client);
	}

	/**
	 * A connected client and the id the server gave it.
	 */
	record Connection(long id, TestClient client) implements AutoCloseable {

		@Override
		public void close() {
			this.client.close();
		}

	}

	/**
	 * Sends from outside the endpoints, as a controller or a scheduled job would.
	 */
	static class Announcer {

		private final Endpoints endpoints;

		Announcer(Endpoints endpoints) {
			this.endpoints = endpoints;
		}

		Endpoint byPath(String path) {
			return this.endpoints.get(path);
		}

		Endpoint byClass(Class<?> endpointClass) {
			return this.endpoints.get(endpointClass);
		}

	}

	@SpringBootApplication
	@Import({ HubSocket.class, OtherSocket.class, Announcer.class })
	static class EndpointApp {

		@Bean
		Events events() {
			return new Events();
		}

	}

	@WebsocketEndpoint("/hub")
	static class HubSocket {

		final Endpoint endpoint;

		private final Events events;

		HubSocket(Endpoint endpoint, Events events) {
			this.endpoint = endpoint;
			this.events = events;
		}

		@OnOpen
		String open(long clientId) {
			return String.valueOf(clientId);
		}

		@OnData
		String data(long clientId, String text) {
			if (text.equals("boom")) {
				throw new IllegalStateException("boom");
			}
			if (text.equals("big then boom")) {
				this.endpoint.send(clientId, "x".repeat(BIG_REPLY_SIZE));
				throw new IllegalStateException("boom after a big reply");
			}
			if (text.startsWith("shout ")) {
				this.endpoint.broadcast(text.substring(6));
				return null;
			}
			if (text.startsWith("echo ")) {
				return text.substring(5);
			}
			return null;
		}

		@OnClose
		void close(long clientId, int code, String reason) {
			this.events.add("close " + clientId + " " + code + " " + reason);
		}

		@OnError
		void error(long clientId, Throwable failure) {
			this.events.add("error " + clientId + " " + failure.getClass().getSimpleName() + ": " + failure.getMessage());
		}

	}

	@WebsocketEndpoint("/other")
	static class OtherSocket {

		@OnData
		String data(String text) {
			return text;
		}

	}

}
