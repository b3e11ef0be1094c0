package io.aerys.websocket.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.aerys.websocket.ClientInfo;
import io.aerys.websocket.HandshakeData;
import io.aerys.websocket.OnClose;
import io.aerys.websocket.OnData;
import io.aerys.websocket.OnHandshake;
import io.aerys.websocket.OnOpen;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.test.Events;
import io.aerys.websocket.test.RawUpgrade;
import io.aerys.websocket.test.TestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.PathVariable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP upgrade over a real socket: {@code @OnHandshake} rejecting with its own status,
 * headers and body, the handshake data reaching later callbacks, origins, subprotocols and path
 * variables.
 */
@SpringBootTest(classes = HandshakeTests.HandshakeApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HandshakeTests {

	@LocalServerPort
	int port;

	@Autowired
	Events events;

	@BeforeEach
	void clearEvents() {
		this.events.clear();
	}

	@ParameterizedTest
	@ValueSource(ints = { 403, 401, 400 })
	void rejectsWithTheStatusHeadersAndBodySetByOnHandshake(int status) {
		RawUpgrade.Response response = RawUpgrade.send(this.port, "/guarded",
				Map.of("X-Reject", String.valueOf(status), "X-User", "mallory"));
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.header("X-Rejected-By")).isEqualTo("guarded-socket");
		assertThat(response.header("Upgrade")).isNull();
		assertThat(response.body()).isEqualTo("rejected with " + status);
		assertThat(this.events.all()).containsExactly("handshake mallory");
		assertThatOpenNeverRuns();
	}

	@Test
	void rejectsWhenOnHandshakeSetsStatus200() {
		RawUpgrade.Response response = RawUpgrade.send(this.port, "/guarded",
				Map.of("X-Reject", "200", "X-User", "mallory"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("X-Rejected-By")).isEqualTo("guarded-socket");
		assertThat(response.body()).isEqualTo("rejected with 200");
		assertThatOpenNeverRuns();
	}

	@Test
	void rejectedClientOfTheJdkSeesTheStatus() {
		assertThat(TestClient.refusedStatus("ws://localhost:" + this.port + "/guarded", Map.of("X-Reject", "401")))
			.isEqualTo(401);
		assertThatOpenNeverRuns();
	}

	private void assertThatOpenNeverRuns() {
		// A connection accepted on the same endpoint afterwards proves that an @OnOpen of the
		// rejected one would have been recorded by now: callbacks of the endpoint are recorded in order.
		try (TestClient client = TestClient.connect(url("/guarded"), Map.of("X-User", "probe"))) {
			assertThat(client.nextText()).isEqualTo("hello probe");
		}
		awaitEvent("close probe 1000");
		assertThat(this.events.all()).filteredOn((event) -> event.startsWith("open"))
			.containsExactly("open probe");
	}

	@Test
	void handsTheHandshakeDataToOpenDataAndClose() {
		try (TestClient client = TestClient.connect(url("/guarded"), Map.of("X-User", "alice"))) {
			assertThat(client.nextText()).isEqualTo("hello alice");
			client.send("hi");
			assertThat(client.nextText()).isEqualTo("alice says hi");
		}
		await().untilAsserted(() -> assertThat(this.events.all()).containsExactly("handshake alice", "open alice",
				"data alice hi", "close alice 1000"));
	}

	@Test
	void refusesAForeignOriginWith403ByDefault() {
		RawUpgrade.Response response = RawUpgrade.send(this.port, "/guarded",
				Map.of("Origin", "https://evil.example", "X-User", "eve"));
		assertThat(response.status()).isEqualTo(403);
		assertThat(TestClient.refusedStatus(url("/guarded"), Map.of("Origin", "https://evil.example")))
			.isEqualTo(403);
		assertThat(this.events.all()).as("@OnHandshake is not asked about a foreign origin").isEmpty();
	}

	@Test
	void acceptsTheSameOriginByDefault() {
		try (TestClient client = TestClient.connect(url("/guarded"),
				Map.of("Origin", "http://localhost:" + this.port, "X-User", "alice"))) {
			assertThat(client.nextText()).isEqualTo("hello alice");
		}
		awaitEvent("close alice 1000");
	}

	@Test
	void acceptsAForeignOriginAllowedByTheAnnotation() {
		try (TestClient client = TestClient.connect(url("/partner"), Map.of("Origin", "https://partner.example"))) {
			client.send("ping");
			assertThat(client.nextText()).isEqualTo("partner: ping");
		}
		assertThat(TestClient.refusedStatus(url("/partner"), Map.of("Origin", "https://evil.example")))
			.isEqualTo(403);
	}

	@Test
	void acceptsAForeignOriginAllowedByTheProperty() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(HandshakeApp.class)
			.properties("server.port=0", "aerys.websocket.allowed-origins=https://*.trusted.example")
			.run()) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			String url = "ws://localhost:" + port + "/guarded";
			try (TestClient client = TestClient.connect(url,
					Map.of("Origin", "https://app.trusted.example", "X-User", "trusted"))) {
				assertThat(client.nextText()).isEqualTo("hello trusted");
			}
			assertThat(TestClient.refusedStatus(url, Map.of("Origin", "https://evil.example"))).isEqualTo(403);
			// The annotation replaces the property for its endpoint.
			assertThat(TestClient.refusedStatus("ws://localhost:" + port + "/partner",
					Map.of("Origin", "https://app.trusted.example")))
				.isEqualTo(403);
		}
	}

	@Test
	void negotiatesTheDeclaredSubprotocol() {
		try (TestClient client = TestClient.connect(url("/protocols"), Map.of(), List.of("v1.chat", "v2.chat"))) {
			assertThat(client.subprotocol()).isEqualTo("v2.chat");
			assertThat(client.nextText()).isEqualTo("subprotocol v2.chat");
		}
	}

	@Test
	void bindsPathVariablesInHandshakeAndClientCallbacks() {
		try (TestClient client = TestClient.connect(url("/rooms/lobby/41"))) {
			assertThat(client.nextText()).isEqualTo("open lobby seat 41");
			client.send("hi");
			assertThat(client.nextText()).isEqualTo("lobby next seat 42: hi");
		}
		await().untilAsserted(() -> assertThat(this.events.all()).containsExactly("handshake lobby 41",
				"close lobby 41"));
	}

	@Test
	void refusesWith400APathVariableThatDoesNotConvert() {
		assertThat(RawUpgrade.send(this.port, "/rooms/lobby/not-a-number", Map.of()).status()).isEqualTo(400);
		assertThat(this.events.all()).isEmpty();
	}

	private void awaitEvent(String event) {
		await().untilAsserted(() -> assertThat(this.events.all()).contains(event));
	}

	private String url(String path) {
		return "ws://localhost:" + this.port + path;
	}

	record User(String name) {
	}

	@SpringBootApplication
	@Import({ GuardedSocket.class, PartnerSocket.class, ProtocolSocket.class, RoomSocket.class })
	static class HandshakeApp {

		@Bean
		Events events() {
			return new Events();
		}

	}

	@WebsocketEndpoint("/guarded")
	static class GuardedSocket {

		private final Events events;

		GuardedSocket(Events events) {
			this.events = events;
		}

		@OnHandshake
		User handshake(ServerHttpRequest request, ServerHttpResponse response) throws IOException {
			User user = new User(request.getHeaders().getFirst("X-User"));
			this.events.add("handshake " + user.name());
			String reject = request.getHeaders().getFirst("X-Reject");
			if (reject != null) {
				byte[] body = ("rejected with " + reject).getBytes(StandardCharsets.UTF_8);
				response.setStatusCode(HttpStatus.valueOf(Integer.parseInt(reject)));
				response.getHeaders().set("X-Rejected-By", "guarded-socket");
				response.getHeaders().setContentLength(body.length);
				response.getBody().write(body);
				return null;
			}
			return user;
		}

		@OnOpen
		String open(@HandshakeData User user) {
			this.events.add("open " + user.name());
			return "hello " + user.name();
		}

		@OnData
		String data(String text, @HandshakeData User user) {
			this.events.add("data " + user.name() + " " + text);
			return user.name() + " says " + text;
		}

		@OnClose
		void close(@HandshakeData User user, int code) {
			this.events.add("close " + user.name() + " " + code);
		}

	}

	@WebsocketEndpoint(value = "/partner", allowedOrigins = "https://partner.example")
	static class PartnerSocket {

		@OnData
		String data(String text) {
			return "partner: " + text;
		}

	}

	@WebsocketEndpoint(value = "/protocols", subprotocols = "v2.chat")
	static class ProtocolSocket {

		@OnOpen
		String open(ClientInfo client) {
			return "subprotocol " + client.subprotocol();
		}

	}

	@WebsocketEndpoint("/rooms/{room}/{seat}")
	static class RoomSocket {

		private final Events events;

		RoomSocket(Events events) {
			this.events = events;
		}

		@OnHandshake
		void handshake(@PathVariable String room, @PathVariable int seat) {
			this.events.add("handshake " + room + " " + seat);
		}

		@OnOpen
		String open(@PathVariable("room") String name, @PathVariable int seat) {
			return "open " + name + " seat " + seat;
		}

		@OnData
		String data(@PathVariable String room, @PathVariable int seat, String text) {
			return room + " next seat " + (seat + 1) + ": " + text;
		}

		@OnClose
		void close(@PathVariable String room, @PathVariable Integer seat) {
			this.events.add("close " + room + " " + seat);
		}

	}

}
