package io.aerys.websocket.server;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32;

import io.aerys.websocket.Endpoints;
import io.aerys.websocket.Message;
import io.aerys.websocket.OnData;
import io.aerys.websocket.OnError;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.invoke.MessageDecodingException;
import io.aerys.websocket.test.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code @OnData} takes and returns over a real socket: text, bytes, JSON with the
 * application's Jackson mapper, completion stages, streamed messages with a bounded heap, and the
 * size limits.
 */
@SpringBootTest(classes = MessageTests.MessageApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "aerys.websocket.max-text-message-size=64KB", "aerys.websocket.max-binary-message-size=64MB",
				"spring.jackson.property-naming-strategy=SNAKE_CASE" })
class MessageTests {

	private static final int MB = 1024 * 1024;

	@LocalServerPort
	int port;

	@Autowired
	Failures failures;

	@Test
	void takesTextAndRepliesWithText() {
		try (TestClient client = connect("/text")) {
			client.send("héllo");
			assertThat(client.nextText()).isEqualTo("text: héllo (6 bytes)");
		}
	}

	@Test
	void takesBytesAndRepliesWithBinary() {
		try (TestClient client = connect("/bytes")) {
			client.sendBinary(new byte[] { 1, 2, 3 });
			assertThat(client.nextBinary()).containsExactly(3, 2, 1);
		}
	}

	@Test
	void takesAByteBufferAndRepliesWithBinary() {
		try (TestClient client = connect("/buffer")) {
			client.sendBinary(new byte[] { 1, 2, 3, 4 });
			assertThat(client.nextBinary()).containsExactly(4, 3, 2, 1);
		}
	}

	@Test
	void decodesJsonWithTheApplicationMapperAndRepliesWithJson() {
		try (TestClient client = connect("/json")) {
			client.send("{\"first_name\":\"Ada\",\"age\":36}");
			assertThat(client.nextText()).isEqualTo("{\"greeting_text\":\"Hello Ada\",\"next_age\":37}");
		}
	}

	@Test
	void decodesJsonSentAsBinary() {
		try (TestClient client = connect("/json")) {
			client.sendBinary("{\"first_name\":\"Grace\",\"age\":85}".getBytes(StandardCharsets.UTF_8));
			assertThat(client.nextText()).isEqualTo("{\"greeting_text\":\"Hello Grace\",\"next_age\":86}");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "not json", "[1, 2]", "{\"first_name\":\"Ada\",\"age\":\"old\"}" })
	void closesWith1007AMessageThatDoesNotDecodeAndReportsItToOnError(String message) throws Exception {
		try (TestClient client = connect("/json")) {
			client.send(message);
			assertThat(client.awaitClose().code()).isEqualTo(1007);
		}
		Throwable failure = this.failures.next();
		assertThat(failure).isInstanceOf(MessageDecodingException.class)
			.hasMessageContaining(Greeting.class.getName());
	}

	@ParameterizedTest
	@ValueSource(strings = { "string", "bytes", "buffer", "record" })
	void sendsWhatACompletionStageCompletesWith(String kind) {
		try (TestClient client = connect("/async")) {
			client.send(kind);
			switch (kind) {
				case "string" -> assertThat(client.nextText()).isEqualTo("later");
				case "bytes" -> assertThat(client.nextBinary()).containsExactly(7, 8);
				case "buffer" -> assertThat(client.nextBinary()).containsExactly(9);
				default -> assertThat(client.nextText()).isEqualTo("{\"greeting_text\":\"later\",\"next_age\":1}");
			}
		}
	}

	@Test
	void closesWith1009ATextMessageOverTheLimitWhileAnotherClientCarriesOn() {
		try (TestClient other = connect("/text"); TestClient big = connect("/text")) {
			other.send("before");
			assertThat(other.nextText()).isEqualTo("text: before (6 bytes)");
			big.send("x".repeat(64 * 1024 + 1));
			assertThat(big.awaitClose().code()).isEqualTo(1009);
			other.send("after");
			assertThat(other.nextText()).isEqualTo("text: after (5 bytes)");
		}
	}

	@Test
	void takesATextMessageUpToTheLimit() {
		try (TestClient client = connect("/text")) {
			client.send("x".repeat(64 * 1024));
			assertThat(client.nextText()).endsWith("(65536 bytes)");
		}
	}

	@Test
	void givesAClientWhoseTextArrivedInPartsABufferForItsNextMessages() {
		try (TestClient client = connect("/text-buffer"); TestClient other = connect("/text-buffer")) {
			client.send("small");
			assertThat(client.nextText()).isEqualTo(bufferReply("small", "whole", 8192));
			// The JDK's client sends up to 16 KiB per frame, and Tomcat hands over a part per frame.
			String large = "x".repeat(12_000);
			client.send(large);
			assertThat(client.nextText()).isEqualTo(bufferReply(large, "parts", 12_288));
			String multibyte = "xxé".repeat(4000);
			client.send(multibyte);
			assertThat(client.nextText()).isEqualTo(bufferReply(multibyte, "whole", 12_288));
			String beyond = "y".repeat(60_000);
			client.send(beyond);
			assertThat(client.nextText()).isEqualTo(bufferReply(beyond, "parts", Transport.MAX_TEXT_BUFFER));
			client.send("small");
			assertThat(client.nextText()).isEqualTo(bufferReply("small", "whole", Transport.MAX_TEXT_BUFFER));
			other.send("small");
			assertThat(other.nextText()).isEqualTo(bufferReply("small", "whole", 8192));
		}
	}

	private static String bufferReply(String text, String arrival, int buffer) {
		return text.length() + " chars, hash " + text.hashCode() + ", " + arrival + ", buffer " + buffer;
	}

	@Test
	void readsAStreamedTextMessageWhole() {
		try (TestClient client = connect("/stream")) {
			client.send("streamed ✓");
			assertThat(client.nextText()).isEqualTo("text message: streamed ✓");
		}
	}

	@Test
	void streamsA50MegabyteBinaryMessageWithABoundedHeap() {
		int size = 50 * MB;
		int frame = 64 * 1024;
		ByteBuffer part = ByteBuffer.allocate(frame);
		CRC32 sent = new CRC32();
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		System.gc();
		long baseline = memory.getHeapMemoryUsage().getUsed();
		HeapWatcher watcher = HeapWatcher.start(memory, baseline);
		String reply;
		StreamSocket.baseline = baseline;
		StreamSocket.readGate = new CountDownLatch(1);
		try (TestClient client = connect("/stream")) {
			long start = System.nanoTime();
			long sentBeforeStall = -1;
			for (int offset = 0; offset < size; offset += frame) {
				part.clear();
				for (int i = 0; i < frame; i++) {
					part.put((byte) (offset / frame + i));
				}
				part.flip();
				sent.update(part.duplicate());
				CompletableFuture<?> written = client.webSocket().sendBinary(part, offset + frame >= size);
				if (sentBeforeStall < 0 && !isWrittenWithin(written, Duration.ofMillis(300))) {
					// The server holds back the socket while @OnData has not read: let it read now.
					sentBeforeStall = offset;
					StreamSocket.readGate.countDown();
				}
				written.orTimeout(10, TimeUnit.SECONDS).join();
			}
			StreamSocket.readGate.countDown();
			reply = client.nextText();
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			long liveGrowth = StreamSocket.peakLiveGrowth;
			System.out.printf("Streamed a %d MB message in %d ms with a max heap of %d MB: the client %s; "
					+ "peak live heap growth %.1f MB (after GC, sampled every 4 MB read), "
					+ "peak used heap growth %.1f MB (garbage included)%n", size / MB, millis,
					Runtime.getRuntime().maxMemory() / MB,
					(sentBeforeStall >= 0) ? String.format("stalled after %.1f MB until @OnData read", sentBeforeStall / (double) MB)
							: "never stalled",
					liveGrowth / (double) MB, watcher.finish() / (double) MB);
			assertThat(reply).isEqualTo("binary message: " + size + " bytes, crc " + sent.getValue());
			assertThat(StreamSocket.samples).as("heap samples taken while streaming").isGreaterThanOrEqualTo(12);
			assertThat(liveGrowth).as("live heap growth while streaming 50 MB").isLessThan(25L * MB);
		}
	}

	private static boolean isWrittenWithin(CompletableFuture<?> written, Duration timeout) {
		try {
			written.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new AssertionError(ex);
		}
	}

	private TestClient connect(String path) {
		return TestClient.connect("ws://localhost:" + this.port + path);
	}

	record Greeting(String firstName, int age) {
	}

	record Reply(String greetingText, int nextAge) {
	}

	/**
	 * Failures reported to {@code @OnError}.
	 */
	static class Failures {

		private final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();

		void add(Throwable failure) {
			this.failures.add(failure);
		}

		Throwable next() throws InterruptedException {
			Throwable failure = this.failures.poll(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(failure).as("failure reported to @OnError").isNotNull();
			return failure;
		}

	}

	/**
	 * Samples the used heap (garbage included) while a message streams, for the report.
	 */
	static final class HeapWatcher extends Thread {

		private final MemoryMXBean memory;

		private final long baseline;

		private volatile boolean running = true;

		private volatile long peak;

		private HeapWatcher(MemoryMXBean memory, long baseline) {
			super("heap-watcher");
			setDaemon(true);
			this.memory = memory;
			this.baseline = baseline;
		}

		static HeapWatcher start(MemoryMXBean memory, long baseline) {
			HeapWatcher watcher = new HeapWatcher(memory, baseline);
			watcher.start();
			return watcher;
		}

		@Override
		public void run() {
			while (this.running) {
				this.peak = Math.max(this.peak, this.memory.getHeapMemoryUsage().getUsed() - this.baseline);
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
			}
		}

		long finish() {
			this.running = false;
			return this.peak;
		}

	}

	@SpringBootApplication
	@Import({ TextSocket.class, TextBufferSocket.class, BytesSocket.class, BufferSocket.class, JsonSocket.class,
			AsyncSocket.class, StreamSocket.class })
	static class MessageApp {

		@Bean
		Failures failures() {
			return new Failures();
		}

	}

	@WebsocketEndpoint("/text")
	static class TextSocket {

		@OnData
		String data(String text) {
			return "text: " + text + " (" + text.getBytes(StandardCharsets.UTF_8).length + " bytes)";
		}

	}

	/**
	 * Tells how each text message arrived (whole or in parts) and the size of Tomcat's text
	 * buffer of the client once it arrived.
	 */
	@WebsocketEndpoint("/text-buffer")
	static class TextBufferSocket {

		private final Endpoints endpoints;

		TextBufferSocket(Endpoints endpoints) {
			this.endpoints = endpoints;
		}

		@OnData
		String data(long clientId, String text) {
			Client client = Objects.requireNonNull(((DefaultEndpoint) this.endpoints.get("/text-buffer")).connected(clientId));
			return bufferReply(text, client.assembler.lastTextInParts() ? "parts" : "whole",
					client.session().getTextMessageSizeLimit());
		}

	}

	@WebsocketEndpoint("/bytes")
	static class BytesSocket {

		@OnData
		byte[] data(byte[] bytes) {
			byte[] reversed = new byte[bytes.length];
			for (int i = 0; i < bytes.length; i++) {
				reversed[i] = bytes[bytes.length - 1 - i];
			}
			return reversed;
		}

	}

	@WebsocketEndpoint("/buffer")
	static class BufferSocket {

		@OnData
		ByteBuffer data(ByteBuffer buffer) {
			ByteBuffer reversed = ByteBuffer.allocate(buffer.remaining());
			for (int i = buffer.limit() - 1; i >= buffer.position(); i--) {
				reversed.put(buffer.get(i));
			}
			return reversed.flip();
		}

	}

	@WebsocketEndpoint("/json")
	static class JsonSocket {

		private final Failures failures;

		JsonSocket(Failures failures) {
			this.failures = failures;
		}

		@OnData
		Reply data(Greeting greeting) {
			return new Reply("Hello " + greeting.firstName(), greeting.age() + 1);
		}

		@OnError
		void error(Throwable failure) {
			this.failures.add(failure);
		}

	}

	@WebsocketEndpoint("/async")
	static class AsyncSocket {

		@OnData
		CompletionStage<?> data(String kind) {
			Object value = switch (kind) {
				case "string" -> "later";
				case "bytes" -> new byte[] { 7, 8 };
				case "buffer" -> ByteBuffer.wrap(new byte[] { 9 });
				default -> new Reply("later", 1);
			};
			return CompletableFuture.supplyAsync(() -> value,
					CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
		}

	}

	@WebsocketEndpoint("/stream")
	static class StreamSocket {

		static volatile long baseline;

		static volatile long peakLiveGrowth;

		static volatile int samples;

		static volatile CountDownLatch readGate = new CountDownLatch(0);

		@OnData
		CompletionStage<String> data(Message message) throws IOException, InterruptedException {
			if (!message.isBinary()) {
				return message.text().thenApply((text) -> "text message: " + text);
			}
			MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
			CRC32 crc = new CRC32();
			byte[] buffer = new byte[16 * 1024];
			long total = 0;
			long nextSample = 4 * MB;
			long peak = Long.MIN_VALUE;
			int samples = 0;
			assertThat(readGate.await(10, TimeUnit.SECONDS)).as("client stalled or done").isTrue();
			System.gc();
			peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed() - baseline);
			try (InputStream in = message.stream()) {
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					crc.update(buffer, 0, read);
					total += read;
					if (total >= nextSample) {
						// Live data only: what the runtime holds of the message, not garbage awaiting GC.
						System.gc();
						peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed() - baseline);
						nextSample += 4 * MB;
						samples++;
					}
				}
			}
			peakLiveGrowth = peak;
			StreamSocket.samples = samples;
			return CompletableFuture.completedFuture("binary message: " + total + " bytes, crc " + crc.getValue());
		}

	}

}
