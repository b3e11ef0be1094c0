package io.aerys.websocket.server;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The size of a text message: its frame's when it came whole in one, if that can be its length in
 * UTF-8 (one to three bytes per character), else counted.
 */
class MessageAssemblerTests {

	private final MessageAssembler assembler = new MessageAssembler(new EndpointSettings(List.of(), List.of(), 1024,
			1024, Duration.ZERO, Duration.ZERO, null, Duration.ofSeconds(1), 1024, 0, 0, Duration.ZERO, false, 0, 0,
			Duration.ofSeconds(1)));

	@Test
	void takesTheFrameSizeOfAMessageInOnePart() {
		// 7, not the text's 6 bytes: a size the text could have, so the figure shows which one was taken.
		assertThat(this.assembler.text("héllo", true, 7)).isEqualTo("héllo");
		assertThat(this.assembler.lastSize()).isEqualTo(7);
	}

	@Test
	void countsAMessageInPartsWhateverTheLastFrameSize() {
		assertThat(this.assembler.text("ab", false, 2)).isNull();
		assertThat(this.assembler.text("cdé", true, 4)).isEqualTo("abcdé");
		assertThat(this.assembler.lastSize()).isEqualTo(6);
	}

	@Test
	void countsWhenTheFrameSizeCannotBeTheTexts() {
		for (long frameBytes : new long[] { -1, 0, 4, 16 }) {
			assertThat(this.assembler.text("héllo", true, frameBytes)).isEqualTo("héllo");
			assertThat(this.assembler.lastSize()).as("frame of %d", frameBytes).isEqualTo(6);
		}
	}

}
