package io.aerys.websocket.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.aerys.websocket.OnData;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.test.RawWebSocket;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages a client sends faster than they are handled arrive together, in one read: their
 * replies leave together, in one socket write, and nothing is lost, reordered or held back once
 * the last message read has been handled.
 */
@SpringBootTest(classes = PipelinedRepliesTests.PipelineApp.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PipelinedRepliesTests {

	@LocalServerPort
	int port;

	@Autowired
	PipelineSocket socket;

	@BeforeEach
	void hold() {
		this.socket.holding = new CountDownLatch(1);
		this.socket.release = new CountDownLatch(1);
	}

	@AfterEach
	void release() {
		this.socket.release.countDown();
	}

	@Test
	void repliesToMessagesReadTogetherLeaveInOneWrite() throws Exception {
		try (RawWebSocket client = RawWebSocket.connect(this.port, "/pipeline", 65536)) {
			client.write(frames("first", "second", "hold"));
			assertThat(this.socket.holding.await(10, TimeUnit.SECONDS)).isTrue();
			// While the last message read is handled, the replies to the first two wait for its reply.
			assertThat(client.receivesNothingFor(Duration.ofMillis(300))).isTrue();
			this.socket.release.countDown();
			assertThat(texts(client.readOnce())).containsExactly("first", "second", "hold");
		}
	}

	@Test
	void flushesWhenTheLastMessageReadGetsNoReply() throws Exception {
		try (RawWebSocket client = RawWebSocket.connect(this.port, "/pipeline", 65536)) {
			client.write(frames("one", "quiet", "two", "quiet"));
			assertThat(client.readText()).isEqualTo("one");
			assertThat(client.readText()).isEqualTo("two");
		}
	}

	@Test
	void answersEveryMessageOfLongBurstsInOrder() throws Exception {
		try (RawWebSocket client = RawWebSocket.connect(this.port, "/pipeline", 1 << 20)) {
			List<String> sent = new ArrayList<>();
			for (int burst = 0; burst < 20; burst++) {
				List<String> messages = new ArrayList<>();
				for (int i = 0; i < 50; i++) {
					// Small, 16-bit and larger-than-Tomcat's-buffer lengths, split across reads.
					int length = (i % 10 == 9) ? 9000 : (i % 3 == 0) ? 300 : 20;
					String message = burst + "." + i + ".";
					messages.add(message + "x".repeat(length - message.length()));
				}
				client.write(frames(messages.toArray(String[]::new)));
				sent.addAll(messages);
			}
			for (String expected : sent) {
				assertThat(client.readText()).isEqualTo(expected);
			}
		}
	}

	@Test
	void repliesBeforeAPingAndACloseReadWithThem() throws Exception {
		try (RawWebSocket client = RawWebSocket.connect(this.port, "/pipeline", 65536)) {
			ByteArrayOutputStream burst = new ByteArrayOutputStream();
			burst.writeBytes(frames("a", "b"));
			burst.writeBytes(RawWebSocket.frame(0x80 | 0x9, "ping".getBytes(StandardCharsets.UTF_8)));
			burst.writeBytes(frames("c", "d"));
			burst.writeBytes(RawWebSocket.frame(0x80 | 0x8, new byte[] { 0x03, (byte) 0xE8 }));
			client.write(burst.toByteArray());
			assertThat(client.readText()).isEqualTo("a");
			assertThat(client.readText()).isEqualTo("b");
			assertThat(client.readText()).isEqualTo("c");
			assertThat(client.readText()).isEqualTo("d");
			assertThat(client.readCloseCode()).isEqualTo(1000);
		}
	}

	private static byte[] frames(String... texts) {
		ByteArrayOutputStream frames = new ByteArrayOutputStream();
		for (String text : texts) {
			frames.writeBytes(RawWebSocket.frame(0x80 | 0x1, text.getBytes(StandardCharsets.UTF_8)));
		}
		return frames.toByteArray();
	}

	/** The texts of the unmasked server frames in what one read returned, which must hold them whole. */
	private static List<String> texts(byte[] bytes) {
		List<String> texts = new ArrayList<>();
		int position = 0;
		while (position < bytes.length) {
			int length = bytes[position + 1] & 0x7F;
			int header = 2;
			if (length == 126) {
				length = ((bytes[position + 2] & 0xFF) << 8) | (bytes[position + 3] & 0xFF);
				header = 4;
			}
			assertThat((bytes[position] & 0x0F)).as("opcode").isEqualTo(0x1);
			texts.add(new String(bytes, position + header, length, StandardCharsets.UTF_8));
			position += header + length;
		}
		return texts;
	}

	@SpringBootApplication
	@Import(PipelineSocket.class)
	static class PipelineApp {

	}

	@WebsocketEndpoint("/pipeline")
	static class PipelineSocket {

		volatile CountDownLatch holding = new CountDownLatch(1);

		volatile CountDownLatch release = new CountDownLatch(1);

		@OnData
		@Nullable String data(String text) throws InterruptedException {
			if (text.equals("hold")) {
				this.holding.countDown();
				this.release.await(10, TimeUnit.SECONDS);
			}
			return text.equals("quiet") ? null : text;
		}

	}

}
