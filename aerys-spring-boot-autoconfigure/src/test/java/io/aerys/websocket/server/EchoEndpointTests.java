package io.aerys.websocket.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.aerys.websocket.OnData;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.test.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An endpoint found with no other configuration than the annotation, echoing over a real socket.
 */
@SpringBootTest(classes = EchoEndpointTests.EchoApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EchoEndpointTests {

	@LocalServerPort
	int port;

	@Test
	void echoesTextReturnedFromOnData() {
		try (TestClient client = TestClient.connect("ws://localhost:" + this.port + "/echo")) {
			client.send("hello");
			client.send("world");
			assertThat(client.nextText()).isEqualTo("echo: hello");
			assertThat(client.nextText()).isEqualTo("echo: world");
		}
	}

	@Test
	void echoesBinaryAsBinary() {
		try (TestClient client = TestClient.connect("ws://localhost:" + this.port + "/bytes")) {
			client.sendBinary(new byte[] { 1, 2, 3 });
			assertThat(client.nextBinary()).containsExactly(3, 2, 1);
		}
	}

	@Test
	void assemblesMessagesLargerThanTheContainerBuffer() {
		String large = "x".repeat(200_000);
		try (TestClient client = TestClient.connect("ws://localhost:" + this.port + "/echo")) {
			client.send(large);
			assertThat(client.nextText()).isEqualTo("echo: " + large);
		}
	}

	@Test
	void assemblesPartsInOrderWhateverTheCharacters() {
		// Distinct, multi-byte and surrogate-pair characters, so a part out of place or split badly shows.
		StringBuilder text = new StringBuilder();
		for (int i = 0; text.length() < 40_000; i++) {
			text.append(i).append(" é € 😀 ");
		}
		for (String message : List.of(text.substring(0, 9_000), text.toString())) {
			try (TestClient client = TestClient.connect("ws://localhost:" + this.port + "/echo")) {
				client.send(message);
				assertThat(client.nextText()).isEqualTo("echo: " + message);
			}
		}
	}

	@Test
	void decodesBinaryForATextParameter() {
		try (TestClient client = TestClient.connect("ws://localhost:" + this.port + "/echo")) {
			client.sendBinary("from bytes".getBytes(StandardCharsets.UTF_8));
			assertThat(client.nextText()).isEqualTo("echo: from bytes");
		}
	}

	@SpringBootApplication
	@Import({ EchoSocket.class, BytesSocket.class })
	static class EchoApp {

	}

	@WebsocketEndpoint("/echo")
	static class EchoSocket {

		@OnData
		String data(String text) {
			return "echo: " + text;
		}

	}

	@WebsocketEndpoint("/bytes")
	static class BytesSocket {

		@OnData
		ByteBuffer data(byte[] bytes) {
			byte[] reversed = new byte[bytes.length];
			for (int i = 0; i < bytes.length; i++) {
				reversed[i] = bytes[bytes.length - 1 - i];
			}
			return ByteBuffer.wrap(reversed);
		}

	}

}
