package io.aerys.websocket.conformance;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.aerys.websocket.Message;
import io.aerys.websocket.OnData;
import io.aerys.websocket.WebsocketEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the Autobahn|Testsuite fuzzing client against an echo endpoint built with the starter.
 * Not part of {@code mvn verify}: it needs the suite's git directory and Debian's
 * python3-autobahn. See the README, "Protocol conformance", for the command.
 */
@EnabledIfSystemProperty(named = "wsconform.snapshot", matches = ".+")
@SpringBootTest(classes = AutobahnConformanceTests.ConformanceApp.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "aerys.websocket.max-text-message-size=16MB", "aerys.websocket.max-binary-message-size=16MB" })
class AutobahnConformanceTests {

	@LocalServerPort
	int port;

	@Test
	void passesEveryCase() throws Exception {
		List<String> command = new ArrayList<>(List.of("bash", System.getProperty("wsconform.script"), "--snapshot",
				System.getProperty("wsconform.snapshot"), "--agent", "aerys"));
		for (String option : System.getProperty("wsconform.options", "").split(" ")) {
			if (!option.isBlank()) {
				command.add(option);
			}
		}
		command.add("ws://127.0.0.1:" + this.port + "/echo");
		command.add(new File("target/wsconform").getAbsolutePath());
		Process process = new ProcessBuilder(command).inheritIO().start();
		assertThat(process.waitFor(90, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as("wsconform exit code (see target/wsconform/summary.txt)").isZero();
	}

	@SpringBootApplication
	@Import(EchoSocket.class)
	static class ConformanceApp {

	}

	/**
	 * Echoes text as text and binary as binary, streaming messages of up to 16 MiB.
	 */
	@WebsocketEndpoint("/echo")
	static class EchoSocket {

		@OnData
		Object data(Message message) throws IOException {
			try (InputStream in = message.stream()) {
				byte[] bytes = in.readAllBytes();
				return message.isBinary() ? ByteBuffer.wrap(bytes) : new String(bytes, StandardCharsets.UTF_8);
			}
		}

	}

}
