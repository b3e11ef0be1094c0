package io.aerys.websocket.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.aerys.websocket.test.RawWebSocket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The look at what Tomcat has read: only a whole final text or binary frame from a client counts
 * as the next message.
 */
class TomcatInputTests {

	@Test
	void findsAWholeDataFrameOfEachLengthEncoding() {
		for (int length : new int[] { 0, 1, 125, 126, 300, 65535, 65536, 70000 }) {
			byte[] text = RawWebSocket.frame(0x80 | 0x1, new byte[length]);
			byte[] binary = RawWebSocket.frame(0x80 | 0x2, new byte[length]);
			assertThat(TomcatInput.holdsWholeDataFrame(ByteBuffer.wrap(text))).as("text of %d", length).isTrue();
			assertThat(TomcatInput.holdsWholeDataFrame(ByteBuffer.wrap(binary))).as("binary of %d", length).isTrue();
		}
	}

	@Test
	void doesNotCountAFrameNotYetReadWhole() {
		for (int length : new int[] { 0, 10, 300, 70000 }) {
			byte[] frame = RawWebSocket.frame(0x80 | 0x1, new byte[length]);
			for (int read : new int[] { 0, 1, 2, 3, 5, frame.length - 1 }) {
				ByteBuffer input = ByteBuffer.wrap(Arrays.copyOf(frame, Math.max(0, read)));
				assertThat(TomcatInput.holdsWholeDataFrame(input)).as("%d of %d bytes", read, frame.length).isFalse();
			}
		}
	}

	@Test
	void doesNotCountControlFramesFragmentsOrUnmaskedFrames() {
		byte[] payload = "x".getBytes(StandardCharsets.UTF_8);
		assertThat(TomcatInput.holdsWholeDataFrame(ByteBuffer.wrap(RawWebSocket.frame(0x80 | 0x9, payload)))).isFalse();
		assertThat(TomcatInput.holdsWholeDataFrame(ByteBuffer.wrap(RawWebSocket.frame(0x80 | 0x8, payload)))).isFalse();
		assertThat(TomcatInput.holdsWholeDataFrame(ByteBuffer.wrap(RawWebSocket.frame(0x1, payload)))).isFalse();
		assertThat(TomcatInput.holdsWholeDataFrame(ByteBuffer.wrap(RawWebSocket.frame(0x80, payload)))).isFalse();
		byte[] unmasked = { (byte) 0x81, 0x01, 'x' };
		assertThat(TomcatInput.holdsWholeDataFrame(ByteBuffer.wrap(unmasked))).isFalse();
	}

	@Test
	void looksFromThePositionWithoutMovingIt() {
		byte[] first = RawWebSocket.frame(0x80 | 0x1, new byte[20]);
		byte[] second = RawWebSocket.frame(0x80 | 0x2, new byte[7]);
		ByteBuffer input = ByteBuffer.allocate(first.length + second.length + 10);
		input.put(first).put(second).flip();
		input.position(first.length);
		assertThat(TomcatInput.holdsWholeDataFrame(input)).isTrue();
		assertThat(input.position()).isEqualTo(first.length);
		input.limit(input.limit() - 1);
		assertThat(TomcatInput.holdsWholeDataFrame(input)).isFalse();
	}

}
