package io.aerys.benchmarks.driver;

import java.nio.file.Path;

import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileTests {

	@Test
	void summarisesExecutionSamples(@TempDir Path work) throws Exception {
		Path file = work.resolve("busy.jfr");
		try (Recording recording = new Recording()) {
			recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(2));
			recording.start();
			long until = System.nanoTime() + 500_000_000L;
			double sink = 0;
			while (System.nanoTime() < until) {
				sink += Math.sqrt(sink + System.nanoTime());
			}
			recording.stop();
			recording.dump(file);
			assertThat(sink).isPositive();
		}
		Profile profile = Profile.of(file);
		assertThat(profile.samples()).isPositive();
		assertThat(profile.toMarkdown(5)).contains("| top methods (self) | share |").contains("ProfileTests");
	}

	@Test
	void groupsCodeByWhatItDoes() {
		assertThat(Profile.category("io.aerys.websocket.server.Outbox")).isEqualTo("starter (io.aerys)");
		assertThat(Profile.category("sun.nio.cs.UTF_8$Decoder")).isEqualTo("strings and UTF-8 (JDK)");
		assertThat(Profile.category("org.apache.tomcat.websocket.WsFrameBase")).startsWith("Tomcat WebSocket");
	}

}
