package io.aerys.websocket.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Transport#textBufferFor(int, int)}: the size of Tomcat's text buffer for a
 * client whose text message arrived in parts.
 */
class TransportTests {

	@Test
	void fitsTheMessageWithRoomToSpare() {
		assertThat(Transport.textBufferFor(8193, 8192)).isEqualTo(12_288);
		assertThat(Transport.textBufferFor(16_384, 8192)).isEqualTo(20_480);
	}

	@Test
	void growsNoFurtherThanTheLargestBuffer() {
		assertThat(Transport.textBufferFor(1024 * 1024, 8192)).isEqualTo(Transport.MAX_TEXT_BUFFER);
		assertThat(Transport.textBufferFor(Integer.MAX_VALUE, 8192)).isEqualTo(Transport.MAX_TEXT_BUFFER);
	}

	@Test
	void neverShrinks() {
		assertThat(Transport.textBufferFor(9000, 20_480)).isEqualTo(20_480);
		assertThat(Transport.textBufferFor(9000, 65_536)).isEqualTo(65_536);
	}

}
