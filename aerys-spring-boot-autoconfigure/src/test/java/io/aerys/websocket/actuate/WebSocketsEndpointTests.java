package io.aerys.websocket.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.aerys.websocket.Endpoints;
import io.aerys.websocket.OnData;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.autoconfigure.AerysWebSocketAutoConfiguration;
import io.aerys.websocket.autoconfigure.AerysWebSocketEndpointAutoConfiguration;
import io.aerys.websocket.test.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code websockets} actuator endpoint over HTTP: lists endpoints and clients, closes one.
 */
@SpringBootTest(classes = WebSocketsEndpointTests.ActuatorApp.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=websockets")
class WebSocketsEndpointTests {

	@LocalServerPort
	int port;

	@Autowired
	Endpoints endpoints;

	@Test
	void listsEndpointsAndClientsAndClosesOneAsAdministrator() throws Exception {
		try (TestClient first = TestClient.connect("ws://localhost:" + this.port + "/room/x");
				TestClient second = TestClient.connect("ws://localhost:" + this.port + "/room/x")) {
			first.send("hi");
			assertThat(first.nextText()).isEqualTo("hi");
			await().until(() -> this.endpoints.get("/room/{name}").clients().size() == 2);

			HttpResponse<String> all = http("GET", "/actuator/websockets");
			assertThat(all.statusCode()).isEqualTo(200);
			assertThat(all.body()).contains("\"id\":\"roomSocket\"", "\"path\":\"/room/{name}\"", "\"clients\":2",
					"\"messagesReceived\":1", "\"messagesSent\":1");

			HttpResponse<String> one = http("GET", "/actuator/websockets/roomSocket");
			assertThat(one.statusCode()).isEqualTo(200);
			long firstId = this.endpoints.get("/room/{name}")
				.clients()
				.stream()
				.filter((id) -> this.endpoints.get("/room/{name}").client(id).orElseThrow().messagesReceived() == 1)
				.findFirst()
				.orElseThrow();
			assertThat(one.body()).contains("\"id\":" + firstId, "\"bytesReceived\":2", "\"remoteAddress\":");

			assertThat(http("GET", "/actuator/websockets/nothing").statusCode()).isEqualTo(404);
			assertThat(http("DELETE", "/actuator/websockets/roomSocket/999999").statusCode()).isEqualTo(404);
			assertThat(http("DELETE", "/actuator/websockets/roomSocket/" + firstId).statusCode()).isEqualTo(204);
			TestClient.Close close = first.awaitClose();
			assertThat(close.code()).isEqualTo(1008);
			assertThat(close.reason()).isEqualTo("closed by administrator");
			second.send("still here");
			assertThat(second.nextText()).isEqualTo("still here");
		}
	}

	@Test
	void isAbsentWithoutActuator() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AerysWebSocketAutoConfiguration.class,
					AerysWebSocketEndpointAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.withBean(RoomSocket.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(WebSocketsEndpoint.class);
			});
	}

	private HttpResponse<String> http(String method, String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.method(method, HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootApplication
	static class ActuatorApp {

		@Bean
		RoomSocket roomSocket() {
			return new RoomSocket();
		}

	}

	@WebsocketEndpoint("/room/{name}")
	static class RoomSocket {

		@OnData
		String data(String text) {
			return text;
		}

	}

}
