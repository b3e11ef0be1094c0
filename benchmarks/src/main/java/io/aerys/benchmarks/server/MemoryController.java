package io.aerys.benchmarks.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.management.JMException;
import javax.management.ObjectName;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tells the load generator the server's memory, for the idle case (live heap after a full GC, and
 * the resident set size from {@code /proc}), and the CPU time it used and the bytes it allocated,
 * so that both can be reported per message. The same in both modes.
 */
@RestController
class MemoryController {

	@GetMapping(path = "/bench/memory", produces = "text/plain")
	String memory(@RequestParam(defaultValue = "true") boolean gc) throws InterruptedException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		if (gc) {
			for (int i = 0; i < 3; i++) {
				System.gc();
				Thread.sleep(100);
			}
		}
		return "pid=" + ProcessHandle.current().pid() + "\nheapUsed=" + memory.getHeapMemoryUsage().getUsed()
				+ "\nnonHeapUsed=" + memory.getNonHeapMemoryUsage().getUsed() + "\nrss=" + residentSetSize()
				+ "\nthreads=" + ManagementFactory.getThreadMXBean().getThreadCount()
				+ "\njavaHome=" + System.getProperty("java.home")
				+ "\njavaVersion=" + System.getProperty("java.version") + "\n";
	}

	/**
	 * Return the CPU seconds the process used, and the bytes its live threads allocated.
	 * @return {@code cpu} and {@code allocated}, one a line
	 */
	@GetMapping(path = "/bench/cpu", produces = "text/plain")
	String cpu() {
		double cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime() / 1e9;
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long allocated = 0;
		for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
			allocated += Math.max(0, bytes);
		}
		return "cpu=" + cpu + "\nallocated=" + allocated + "\n";
	}

	/**
	 * Return how many methods wait for the JIT compilers (the load generator warms up until none
	 * do). A page of its own: the CPU page is read at the edges of the measured window, and this
	 * one costs CPU.
	 * @return {@code jitQueue}
	 */
	@GetMapping(path = "/bench/jit", produces = "text/plain")
	String jit() {
		return "jitQueue=" + compileQueueLength() + "\n";
	}

	/**
	 * Pin the JIT compiler threads back to the cores of the rest of the process, once the warm-up
	 * is over. The driver lets them run on every core during the warm-up; during the measurement
	 * their CPU would be taken from the load generator's core, which busy-polls, and a late compile
	 * would delay its sends by milliseconds.
	 * @return {@code pinned}: how many threads were pinned, or -1 if they cannot be
	 * @throws InterruptedException if interrupted while {@code taskset} runs
	 */
	@GetMapping(path = "/bench/jit/pin", produces = "text/plain")
	String pinCompilerThreads() throws InterruptedException {
		try {
			String cores = statusValue(Path.of("/proc/self/status"), "Cpus_allowed_list:");
			return "pinned=" + CompilerThreads.setCores("self", cores) + "\n";
		}
		catch (IOException | RuntimeException ex) {
			// not Linux, or no taskset
			return "pinned=-1\n";
		}
	}

	/**
	 * Return how many methods wait in the JIT compilers' queues, as {@code jcmd Compiler.queue}
	 * lists them.
	 * @return the count, or -1 if the JVM cannot tell
	 */
	private static int compileQueueLength() {
		try {
			Object queue = ManagementFactory.getPlatformMBeanServer()
				.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerQueue",
						new Object[] { null }, new String[] { String[].class.getName() });
			int waiting = 0;
			boolean inQueue = false;
			for (String line : String.valueOf(queue).split("\n")) {
				if (line.contains("compile queue:")) {
					inQueue = true;
				}
				else if (inQueue && !line.isBlank() && !line.trim().equals("Empty")) {
					waiting++;
				}
			}
			return waiting;
		}
		catch (JMException | RuntimeException ex) {
			return -1;
		}
	}

	private static long residentSetSize() {
		try {
			return Long.parseLong(statusValue(Path.of("/proc/self/status"), "VmRSS:").replaceAll("[^0-9]", "")) * 1024;
		}
		catch (IOException | RuntimeException ex) {
			// not Linux: unknown
			return -1;
		}
	}

	/**
	 * Return a value of the main thread's {@code /proc} status, such as its allowed cores.
	 * @param status the status file
	 * @param key the key, with its colon
	 * @return the value, trimmed
	 * @throws IOException if the file cannot be read
	 */
	private static String statusValue(Path status, String key) throws IOException {
		for (String line : Files.readAllLines(status)) {
			if (line.startsWith(key)) {
				return line.substring(key.length()).trim();
			}
		}
		throw new IOException("No " + key + " in " + status);
	}

}
