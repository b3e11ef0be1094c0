package io.aerys.benchmarks.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sets the cores a process's JIT compiler threads may run on, with {@code taskset} (Linux only):
 * the driver frees them for the warm-up, the server pins them back for the measurement.
 */
public final class CompilerThreads {

	private CompilerThreads() {
	}

	/**
	 * Let the JIT compiler threads of a process run on these cores.
	 * @param process the process id, or {@code self}
	 * @param cores a {@code taskset} core list, such as {@code 0-1}
	 * @return how many compiler threads were set
	 * @throws IOException if the threads of the process cannot be listed (not Linux)
	 * @throws InterruptedException if interrupted while {@code taskset} runs
	 * @throws IllegalStateException if {@code taskset} fails
	 */
	public static int setCores(String process, String cores) throws IOException, InterruptedException {
		int set = 0;
		try (var tasks = Files.list(Path.of("/proc", process, "task"))) {
			for (Path task : tasks.toList()) {
				if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
					Process taskset = new ProcessBuilder("taskset", "-p", "-c", cores, task.getFileName().toString())
						.redirectErrorStream(true)
						.redirectOutput(ProcessBuilder.Redirect.DISCARD)
						.start();
					if (taskset.waitFor() != 0) {
						throw new IllegalStateException("taskset failed for compiler thread " + task.getFileName());
					}
					set++;
				}
			}
		}
		return set;
	}

}
