package io.aerys.websocket.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.aerys.websocket.OnData;
import io.aerys.websocket.OnError;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.test.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An {@code @OnError} that throws itself is logged, not called again: the client is closed with
 * 1011 once and the other clients carry on.
 */
@SpringBootTest(classes = FailingErrorHandlerTests.FailingApp.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class FailingErrorHandlerTests {

	static final AtomicInteger errorCalls = new AtomicInteger();

	@LocalServerPort
	int port;

	@Test
	void logsAFailingOnErrorInsteadOfLooping(CapturedOutput output) {
		try (TestClient failing = TestClient.connect("ws://localhost:" + this.port + "/fragile");
				TestClient other = TestClient.connect("ws://localhost:" + this.port + "/fragile")) {
			failing.send("boom");
			assertThat(failing.awaitClose().code()).isEqualTo(1011);
			await().untilAsserted(() -> assertThat(output.getOut())
				.contains("failed while handling java.lang.IllegalStateException: boom"));
			await().during(Duration.ofMillis(300)).until(() -> errorCalls.get() == 1);
			other.send("still fine");
			assertThat(other.nextText()).isEqualTo("still fine");
		}
	}

	@SpringBootApplication
	@Import(FragileSocket.class)
	static class FailingApp {

	}

	@WebsocketEndpoint("/fragile")
	static class FragileSocket {

		@OnData
		String data(String text) {
			if (text.equals("boom")) {
				throw new IllegalStateException("boom");
			}
			return text;
		}

		@OnError
		void error(Throwable failure) {
			errorCalls.incrementAndGet();
			throw new IllegalArgumentException("the error handler fails too");
		}

	}

}
