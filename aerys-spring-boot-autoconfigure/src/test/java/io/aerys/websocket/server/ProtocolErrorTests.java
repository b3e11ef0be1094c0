package io.aerys.websocket.server;

import java.nio.charset.StandardCharsets;

import io.aerys.websocket.OnData;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.test.RawWebSocket;
import io.aerys.websocket.test.TestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RFC 6455 categories that matter most, with clients that write bad frames by hand: each gets
 * the close code the RFC asks for, while a well-behaved client carries on.
 */
@SpringBootTest(classes = ProtocolErrorTests.ProtocolApp.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtocolErrorTests {

	private static final int PROTOCOL_ERROR = 1002;

	@LocalServerPort
	int port;

	private TestClient bystander;

	private int round;

	@BeforeAll
	void connectBystander() {
		this.bystander = TestClient.connect("ws://localhost:" + this.port + "/echo");
	}

	@AfterAll
	void closeBystander() {
		this.bystander.close();
	}

	@Test
	void closesWith1002OnAReservedBitWithoutExtension() throws Exception {
		assertCloseCode(PROTOCOL_ERROR, (client) -> client.sendRawFrame(0x80 | 0x40 | 0x1, ascii("rsv1")));
	}

	@Test
	void closesWith1002OnAReservedOpcode() throws Exception {
		assertCloseCode(PROTOCOL_ERROR, (client) -> client.sendRawFrame(0x80 | 0x3, ascii("opcode 3")));
		assertCloseCode(PROTOCOL_ERROR, (client) -> client.sendRawFrame(0x80 | 0xB, ascii("opcode 11")));
	}

	@Test
	void closesWith1002OnAnOversizedControlFrame() throws Exception {
		assertCloseCode(PROTOCOL_ERROR, (client) -> client.sendFrame(true, 0x9, new byte[126]));
	}

	@Test
	void closesWith1002OnAFragmentedControlFrame() throws Exception {
		assertCloseCode(PROTOCOL_ERROR, (client) -> client.sendFrame(false, 0x9, ascii("ping")));
	}

	@Test
	void closesWith1002OnAContinuationWithoutAStart() throws Exception {
		assertCloseCode(PROTOCOL_ERROR, (client) -> client.sendFrame(true, 0x0, ascii("orphan")));
	}

	@Test
	void closesWith1002OnANewMessageInsideAFragmentedOne() throws Exception {
		assertCloseCode(PROTOCOL_ERROR, (client) -> {
			client.sendFrame(false, 0x1, ascii("first part"));
			client.sendFrame(true, 0x1, ascii("new message"));
		});
	}

	@Test
	void closesWith1007OnInvalidUtf8() throws Exception {
		assertCloseCode(1007, (client) -> client.sendFrame(true, 0x1, new byte[] { (byte) 0xCE, (byte) 0xBA,
				(byte) 0xE1, (byte) 0xBD, (byte) 0xB9, (byte) 0xCF, (byte) 0x83, (byte) 0xCE, (byte) 0xBC,
				(byte) 0xCE, (byte) 0xB5, (byte) 0xED, (byte) 0xA0, (byte) 0x80, 0x65, 0x64, 0x69, 0x74, 0x65,
				0x64 }));
	}

	@Test
	void closesWith1007OnInvalidUtf8SplitAcrossFragments() throws Exception {
		assertCloseCode(1007, (client) -> {
			client.sendFrame(false, 0x1, new byte[] { 'o', 'k', (byte) 0xF4 });
			client.sendFrame(true, 0x0, new byte[] { (byte) 0x90, (byte) 0x80, (byte) 0x80 });
		});
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999, 5000, 65535 })
	void answersAnInvalidCloseCodeWith1002(int code) throws Exception {
		assertCloseCode(PROTOCOL_ERROR, (client) -> client.sendFrame(true, 0x8, closePayload(code)));
	}

	@ParameterizedTest
	@ValueSource(ints = { 1000, 1001, 1003, 1007, 1011, 3000, 4999 })
	void echoesAValidCloseCode(int code) throws Exception {
		assertCloseCode(code, (client) -> client.sendFrame(true, 0x8, closePayload(code)));
	}

	@Test
	void answersACloseFrameWithAOneBytePayloadWith1002() throws Exception {
		assertCloseCode(PROTOCOL_ERROR, (client) -> client.sendFrame(true, 0x8, new byte[] { 0x03 }));
	}

	@Test
	void leavesCompressionOffByDefault() throws Exception {
		try (RawWebSocket client = RawWebSocket.connect(this.port, "/echo", 65536,
				"Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
			assertThat(client.handshakeResponse().toLowerCase()).doesNotContain("permessage-deflate");
			client.sendText("plain");
			client.sendFrame(true, 0x8, closePayload(1000));
			assertThat(client.readCloseCode()).isEqualTo(1000);
		}
	}

	private void assertCloseCode(int expected, FrameWriter misbehaviour) throws Exception {
		try (RawWebSocket client = RawWebSocket.connect(this.port, "/echo", 65536)) {
			misbehaviour.write(client);
			assertThat(client.readCloseCode()).isEqualTo(expected);
		}
		String message = "still served " + this.round++;
		this.bystander.send(message);
		assertThat(this.bystander.nextText()).isEqualTo(message);
	}

	private static byte[] closePayload(int code) {
		return new byte[] { (byte) (code >>> 8), (byte) code };
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	@FunctionalInterface
	interface FrameWriter {

		void write(RawWebSocket client) throws Exception;

	}

	@SpringBootApplication
	@Import(EchoSocket.class)
	static class ProtocolApp {

	}

	@WebsocketEndpoint("/echo")
	static class EchoSocket {

		@OnData
		String data(String text) {
			return text;
		}

	}

}
