package io.aerys.benchmarks.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options given as {@code --name=value}, with defaults at the point of use.
 */
public final class Options {

	private final Map<String, String> values = new LinkedHashMap<>();

	private Options() {
	}

	public static Options parse(String... args) {
		Options options = new Options();
		for (String arg : args) {
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("Options look like --name=value, not " + arg);
			}
			int equals = arg.indexOf('=');
			if (equals < 0) {
				options.values.put(arg.substring(2), "true");
			}
			else {
				options.values.put(arg.substring(2, equals), arg.substring(equals + 1));
			}
		}
		return options;
	}

	public String get(String name, String defaultValue) {
		return this.values.getOrDefault(name, defaultValue);
	}

	public boolean has(String name) {
		return this.values.containsKey(name);
	}

	public int getInt(String name, int defaultValue) {
		String value = this.values.get(name);
		return (value != null) ? (int) parseSize(value) : defaultValue;
	}

	public double getDouble(String name, double defaultValue) {
		String value = this.values.get(name);
		return (value != null) ? Double.parseDouble(value) : defaultValue;
	}

	public Duration getDuration(String name, Duration defaultValue) {
		String value = this.values.get(name);
		if (value == null) {
			return defaultValue;
		}
		if (value.endsWith("ms")) {
			return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
		}
		return Duration.ofMillis(Math.round(Double.parseDouble(value.replace("s", "")) * 1000));
	}

	/** Sizes such as {@code 64}, {@code 16k} (KiB) or {@code 1m} (MiB). */
	static long parseSize(String value) {
		String lower = value.toLowerCase();
		if (lower.endsWith("k")) {
			return Long.parseLong(lower.substring(0, lower.length() - 1)) * 1024;
		}
		if (lower.endsWith("m")) {
			return Long.parseLong(lower.substring(0, lower.length() - 1)) * 1024 * 1024;
		}
		return Long.parseLong(lower);
	}

	@Override
	public String toString() {
		return this.values.toString();
	}

}
