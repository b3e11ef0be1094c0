package io.aerys.benchmarks.driver;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The driver end to end at the smallest size: server processes of both modes, the load generator
 * process, the report.
 */
class DriverTests {

	@Test
	void runsACaseAgainstBothServersAndWritesTheReport(@TempDir Path work) throws Exception {
		Path out = work.resolve("BENCHMARKS.md");
		Process driver = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), Driver.class.getName(), "--quick", "--cases=echo-64",
				"--warmup=300ms", "--duration=500ms", "--work=" + work, "--out=" + out)
			.redirectErrorStream(true)
			.redirectOutput(work.resolve("driver.log").toFile())
			.start();
		assertThat(driver.waitFor()).as(Files.readString(work.resolve("driver.log"))).isZero();
		assertThat(Files.readString(out)).contains("| Echo 64 B, 100 connections, 1 in flight | msg/s |")
			.contains("starter / baseline")
			.doesNotContain(work.toString());
		assertThat(Files.readString(work.resolve("echo-64-starter-baseline-1-.log"))).contains("BURST 0 ", "BURST 1 ");
	}

}
