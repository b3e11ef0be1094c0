package io.aerys.benchmarks.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the machine is, and how busy it is: the CPU time all processes used, from
 * {@code /proc/stat}, so that the time others used beside the benchmark can be reported.
 */
final class Machine {

	private static final double CLOCK_TICKS = 100.0;

	private Machine() {
	}

	static int cores() {
		return Runtime.getRuntime().availableProcessors();
	}

	/**
	 * Return whether server and client can each have a core of their own.
	 * @return whether {@code taskset} exists and there are two cores or more
	 */
	static boolean canPin() {
		return cores() >= 2 && Files.isExecutable(Path.of("/usr/bin/taskset"));
	}

	static String describe() {
		return cpuModel() + ", " + cores() + " cores, " + memory() + ", Linux " + read("/proc/sys/kernel/osrelease").trim();
	}

	private static String cpuModel() {
		for (String line : lines("/proc/cpuinfo")) {
			if (line.startsWith("model name")) {
				return line.substring(line.indexOf(':') + 1).trim();
			}
		}
		return System.getProperty("os.arch");
	}

	private static String memory() {
		for (String line : lines("/proc/meminfo")) {
			if (line.startsWith("MemTotal:")) {
				long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
				return String.format(Locale.ROOT, "%.0f GiB RAM", kib / 1024.0 / 1024.0);
			}
		}
		return "unknown RAM";
	}

	/**
	 * Return the CPU seconds all processes have used since boot.
	 * @return busy CPU seconds, or 0 if unknown
	 */
	static double busyCpuSeconds() {
		List<String> stat = lines("/proc/stat");
		if (stat.isEmpty() || !stat.get(0).startsWith("cpu ")) {
			return 0;
		}
		String[] fields = stat.get(0).trim().split("\\s+");
		long busy = 0;
		// user nice system idle iowait irq softirq steal
		int[] busyFields = { 1, 2, 3, 6, 7, 8 };
		for (int field : busyFields) {
			busy += Long.parseLong(fields[field]);
		}
		return busy / CLOCK_TICKS;
	}

	static double loadAverage() {
		String loadavg = read("/proc/loadavg");
		return loadavg.isEmpty() ? 0 : Double.parseDouble(loadavg.split(" ")[0]);
	}

	private static List<String> lines(String path) {
		try {
			return Files.readAllLines(Path.of(path), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	private static String read(String path) {
		return String.join("\n", lines(path));
	}

}
