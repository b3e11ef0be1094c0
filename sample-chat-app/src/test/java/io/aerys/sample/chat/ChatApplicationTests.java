package io.aerys.sample.chat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the application serves over plain HTTP: the page and the actuator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChatApplicationTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = new JsonMapper();

	@LocalServerPort
	int port;

	@Test
	void healthIsUp() {
		HttpResponse<String> response = get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()).path("status").asString()).isEqualTo("UP");
	}

	@Test
	void listsTheChatEndpointAndItsClientsInTheActuator() {
		try (ChatClient ada = ChatClient.join(this.port, "ops", "ada")) {
			ada.next("welcome");
			HttpResponse<String> response = get("/actuator/websockets");
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode endpoint = json.readTree(response.body()).path("endpoints").path(0);
			assertThat(endpoint.path("id").asString()).isEqualTo("chatSocket");
			assertThat(endpoint.path("path").asString()).isEqualTo("/chat/{room}");
			assertThat(endpoint.path("clients").asInt()).isPositive();
			HttpResponse<String> clients = get("/actuator/websockets/chatSocket");
			assertThat(clients.statusCode()).isEqualTo(200);
			assertThat(json.readTree(clients.body()).path("clients").size()).isPositive();
		}
	}

	@Test
	void publishesTheEndpointMetersForPrometheus() {
		try (ChatClient ada = ChatClient.join(this.port, "ops", "ada")) {
			ada.next("welcome");
			HttpResponse<String> response = get("/actuator/prometheus");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("aerys_websocket_connections_active{endpoint=\"/chat/{room}\"");
		}
	}

	@Test
	void servesTheChatPageAtTheRoot() {
		HttpResponse<String> page = get("/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
				(contentType) -> assertThat(contentType).startsWith("text/html"));
		assertThat(page.body()).contains("<title>Aerys chat</title>", "src=\"app.js\"", "href=\"style.css\"",
				"href=\"/actuator/websockets\"", "href=\"/actuator/health\"");
	}

	@Test
	void servesTheScriptAndStylesOfThePage() {
		HttpResponse<String> script = get("/app.js");
		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.body()).contains("new WebSocket(");
		HttpResponse<String> styles = get("/style.css");
		assertThat(styles.statusCode()).isEqualTo(200);
		assertThat(styles.headers().firstValue("Content-Type")).hasValueSatisfying(
				(contentType) -> assertThat(contentType).startsWith("text/css"));
	}

	@Test
	void servesAFaviconForPagesWithoutOne() {
		HttpResponse<String> icon = get("/favicon.ico");
		assertThat(icon.statusCode()).isEqualTo(200);
		assertThat(icon.headers().firstValue("Content-Type")).hasValueSatisfying(
				(contentType) -> assertThat(contentType).startsWith("image/"));
	}

	private HttpResponse<String> get(String path) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new AssertionError("GET " + path + " failed", ex);
		}
	}

}
