package io.aerys.websocket.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import io.aerys.websocket.ClientInfo;
import io.aerys.websocket.Endpoints;
import io.aerys.websocket.OnData;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.test.RawWebSocket;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A text message that arrives whole in one frame is counted by the frame's size rather than
 * encoded again; a message in several frames or parts, and one compressed by permessage-deflate
 * (whose frame holds fewer bytes than the text), are counted from the text. Each reply tells the bytes
 * the client's counters hold once the message arrived, then the frame size Tomcat told.
 */
@SpringBootTest(classes = FrameBytesTests.FrameBytesApp.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "aerys.websocket.compression=true")
class FrameBytesTests {

	@LocalServerPort
	int port;

	@Test
	void countsATextInOneFrameByTheFramesSize() throws Exception {
		try (RawWebSocket client = RawWebSocket.connect(this.port, "/sized", 65536)) {
			client.sendText("héllo ✓");
			assertThat(client.readText()).isEqualTo("10 bytes, frame of 10");
		}
	}

	@Test
	void countsATextInSeveralFramesWhole() throws Exception {
		try (RawWebSocket client = RawWebSocket.connect(this.port, "/sized", 65536)) {
			client.sendFrame(false, 0x1, "ab".getBytes(StandardCharsets.UTF_8));
			client.sendFrame(true, 0x0, "cdé".getBytes(StandardCharsets.UTF_8));
			assertThat(client.readText()).isEqualTo("6 bytes, frame of 4");
		}
	}

	@Test
	void countsATextInOneFrameButSeveralPartsWhole() throws Exception {
		// Tomcat's text buffer holds 8,192 characters: the frame arrives in two parts, the last of
		// 5,000 characters, which the frame's 13,192 bytes could be in UTF-8, but are not.
		try (RawWebSocket client = RawWebSocket.connect(this.port, "/sized", 65536)) {
			client.sendFrame(true, 0x1, "x".repeat(13_192).getBytes(StandardCharsets.UTF_8));
			assertThat(client.readText()).isEqualTo("13192 bytes, frame of 13192");
		}
	}

	@Test
	void countsACompressedTextFromTheText() throws Exception {
		// Random CJK characters: three bytes each, and compressed to between one and three per character.
		StringBuilder text = new StringBuilder();
		ThreadLocalRandom.current().ints(400, 0x4E00, 0x9FA5).forEach((c) -> text.append((char) c));
		byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
		byte[] compressed = deflate(utf8);
		assertThat(compressed.length).isBetween(400, utf8.length - 1);
		try (RawWebSocket client = RawWebSocket.connect(this.port, "/sized", 65536, CompressionTests.OFFER)) {
			client.sendRawFrame(0x80 | 0x40 | 0x1, compressed);
			assertThat(inflatedText(client.readOnce())).isEqualTo(utf8.length + " bytes, frame of -1");
		}
	}

	/** The text of one short compressed frame from the server, as one read returns it. */
	private static String inflatedText(byte[] frame) throws DataFormatException {
		assertThat(frame[0] & 0x40).as("RSV1: compressed").isNotZero();
		int length = frame[1] & 0x7F;
		assertThat(length).isLessThan(126);
		byte[] payload = Arrays.copyOfRange(frame, 2, 2 + length + 4);
		// Put back the 00 00 FF FF that permessage-deflate leaves out
		payload[length + 2] = (byte) 0xFF;
		payload[length + 3] = (byte) 0xFF;
		Inflater inflater = new Inflater(true);
		inflater.setInput(payload);
		byte[] text = new byte[1024];
		int inflated = inflater.inflate(text);
		inflater.end();
		return new String(text, 0, inflated, StandardCharsets.UTF_8);
	}

	private static byte[] deflate(byte[] data) {
		Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
		deflater.setInput(data);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[4096];
		int length;
		while ((length = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
			out.write(buffer, 0, length);
		}
		deflater.end();
		byte[] compressed = out.toByteArray();
		// permessage-deflate leaves out the 00 00 FF FF that ends a sync flush
		return Arrays.copyOf(compressed, compressed.length - 4);
	}

	@SpringBootApplication
	@Import(SizedSocket.class)
	static class FrameBytesApp {

	}

	@WebsocketEndpoint("/sized")
	static class SizedSocket {

		private final Endpoints endpoints;

		SizedSocket(Endpoints endpoints) {
			this.endpoints = endpoints;
		}

		@OnData
		String data(long clientId, String text) {
			DefaultEndpoint endpoint = (DefaultEndpoint) this.endpoints.get("/sized");
			ClientInfo info = endpoint.client(clientId).orElseThrow();
			Client client = Objects.requireNonNull(endpoint.connected(clientId));
			return info.bytesReceived() + " bytes, frame of " + client.transport().frameBytes();
		}

	}

}
