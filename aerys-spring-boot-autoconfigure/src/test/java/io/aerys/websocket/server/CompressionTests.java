package io.aerys.websocket.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import io.aerys.websocket.OnData;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.test.RawWebSocket;
import io.aerys.websocket.test.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With compression on, permessage-deflate is negotiated, and a small frame that inflates past the
 * size limit closes the client with 1009 while others are served.
 */
@SpringBootTest(classes = CompressionTests.CompressionApp.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "aerys.websocket.compression=true", "aerys.websocket.max-binary-message-size=1MB" })
class CompressionTests {

	static final String OFFER = "Sec-WebSocket-Extensions: permessage-deflate\r\n";

	@LocalServerPort
	int port;

	@Test
	void negotiatesPermessageDeflateWhenOn() throws Exception {
		try (RawWebSocket client = RawWebSocket.connect(this.port, "/compressed", 65536, OFFER)) {
			assertThat(client.handshakeResponse().toLowerCase()).contains("sec-websocket-extensions: permessage-deflate");
		}
	}

	@Test
	void closesWith1009AFrameThatInflatesPastTheLimit() throws Exception {
		byte[] bomb = deflateZeros(200 * 1024 * 1024);
		assertThat(bomb.length).isLessThan(256 * 1024);
		try (TestClient bystander = TestClient.connect("ws://localhost:" + this.port + "/compressed");
				RawWebSocket client = RawWebSocket.connect(this.port, "/compressed", 65536, OFFER)) {
			long start = System.nanoTime();
			client.sendRawFrame(0x80 | 0x40 | 0x2, bomb);
			assertThat(client.readCloseCode()).isEqualTo(1009);
			System.out.printf("compressed frame of %d KiB (200 MiB inflated) closed with 1009 after %d ms%n",
					bomb.length / 1024, (System.nanoTime() - start) / 1_000_000);
			bystander.send("served");
			assertThat(bystander.nextText()).isEqualTo("served");
		}
	}

	/**
	 * Deflate so many zero bytes, a megabyte at a time: the test's heap never holds them all. The
	 * stream's flush ends the data with a sync flush, as permessage-deflate does.
	 */
	private static byte[] deflateZeros(int length) throws IOException {
		Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
		byte[] zeros = new byte[1024 * 1024];
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		// Not closed: closing would finish the stream with a final block after the sync flush.
		DeflaterOutputStream deflating = new DeflaterOutputStream(out, deflater, 64 * 1024, true);
		for (int done = 0; done < length; done += zeros.length) {
			deflating.write(zeros, 0, Math.min(zeros.length, length - done));
		}
		deflating.flush();
		deflater.end();
		byte[] compressed = out.toByteArray();
		// permessage-deflate leaves out the 00 00 FF FF that ends a sync flush
		return Arrays.copyOf(compressed, compressed.length - 4);
	}

	@SpringBootApplication
	@Import(CompressedSocket.class)
	static class CompressionApp {

	}

	@WebsocketEndpoint("/compressed")
	static class CompressedSocket {

		@OnData
		String data(String text) {
			return text;
		}

	}

}
