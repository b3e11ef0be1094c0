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
				assertThat(Outgoing.utf8Length(text)).as(sample + " × " + repeat)
					.isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
			}
		}
	}

	@Test
	void countsASurrogatePairInLongText() {
		String text = "x".repeat(2047) + "😀" + "y".repeat(5000);
		assertThat(Outgoing.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
	}

}
