package io.aerys.websocket.server;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Outgoing#utf8Length(String)}: it must agree with encoding, short or long,
 * whatever the characters, surrogate pairs included.
 */
class OutgoingTests {

	@Test
	void countsWhatEncodingWouldGiveForShortAndLongText() {
		for (String sample : new String[] { "", "a", "é", "€", "😀", "plain ascii", "mixed é € 😀 text" }) {
			for (int repeat : new int[] { 1, 10, 500, 3000 }) {
				String text = sample.repeat(repeat);
				int expected = text.getBytes(StandardCharsets.UTF_8).length;
				assertThat(Outgoing.utf8Length(text)).as(sample + " × " + repeat).isEqualTo(expected);
			}
		}
	}

	@Test
	void countsASurrogatePairInLongText() {
		// The pair straddles the first two chunks of the encoder.
		String text = "x".repeat(Utf8Counter.CHUNK - 1) + "😀" + "y".repeat(5000);
		assertThat(Outgoing.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
		assertThat(Utf8Counter.count(text)).as("counted by the encoder, not by the loop it falls back to")
			.isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
	}

	@Test
	void countsALoneSurrogateAlikeInShortAndLongText() {
		// Not valid UTF-16, so encoding would replace it: it counts as two bytes, whatever the length.
		assertThat(Outgoing.utf8Length("x\uD800")).isEqualTo(3);
		assertThat(Outgoing.utf8Length("x".repeat(3000) + "\uD800")).isEqualTo(3002);
		assertThat(Outgoing.utf8Length("x".repeat(3000) + "\uDC00" + "y")).isEqualTo(3003);
		assertThat(Utf8Counter.count("x".repeat(3000) + "\uD800")).as("refused by the encoder").isEqualTo(-1);
	}

}
