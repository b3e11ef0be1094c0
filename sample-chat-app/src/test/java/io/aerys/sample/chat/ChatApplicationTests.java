package io.aerys.sample.chat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
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

	@LocalServerPort
	int port;

	@Test
	void healthIsUp() {
		HttpResponse<String> response = get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(new JsonMapper().readTree(response.body()).path("status").asString()).isEqualTo("UP");
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
