package io.aerys.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * The figures of one load run, printed as one line {@code RESULT name=value ...} that the driver
 * reads back.
 */
public final class Result {

	public static final String PREFIX = "RESULT ";

	/** Prefixes the figures of the second server of a load on two. */
	public static final String SECOND = "versus.";

	private final Map<String, Double> values = new LinkedHashMap<>();

	public Result put(String name, double value) {
		this.values.put(name, value);
		return this;
	}

	/**
	 * Add the usual percentiles of a latency histogram recorded in nanoseconds, in microseconds.
	 * @param prefix the name prefix, such as {@code latency}
	 * @param histogram the histogram
	 * @return this result
	 */
	public Result putLatency(String prefix, Histogram histogram) {
		put(prefix + ".count", histogram.getTotalCount());
		put(prefix + ".p50", micros(histogram.getValueAtPercentile(50)));
		put(prefix + ".p90", micros(histogram.getValueAtPercentile(90)));
		put(prefix + ".p99", micros(histogram.getValueAtPercentile(99)));
		put(prefix + ".p999", micros(histogram.getValueAtPercentile(99.9)));
		put(prefix + ".max", micros(histogram.getMaxValue()));
		return this;
	}

	/**
	 * Add the figures of another result, each name prefixed.
	 * @param prefix the prefix, such as {@link #SECOND}
	 * @param other the figures
	 * @return this result
	 */
	public Result putAll(String prefix, Result other) {
		other.values.forEach((name, value) -> put(prefix + name, value));
		return this;
	}

	/**
	 * Split the result of a load on two servers into one per server: the figures prefixed
	 * {@link #SECOND} go to the second, unprefixed, the others to the first, and those the second
	 * has none of its own for (the run's as a whole, such as the client's CPU) to both.
	 * @return the first server's result and the second's, or this one alone if it has no second
	 */
	public List<Result> split() {
		Result first = new Result();
		Result second = new Result();
		this.values.forEach((name, value) -> {
			if (name.startsWith(SECOND)) {
				second.put(name.substring(SECOND.length()), value);
			}
		});
		if (second.values.isEmpty()) {
			return List.of(this);
		}
		this.values.forEach((name, value) -> {
			if (!name.startsWith(SECOND)) {
				first.put(name, value);
				if (!second.values.containsKey(name)) {
					second.put(name, value);
				}
			}
		});
		return List.of(first, second);
	}

	private static double micros(long nanos) {
		return nanos / (double) TimeUnit.MICROSECONDS.toNanos(1);
	}

	public Map<String, Double> values() {
		return this.values;
	}

	public double get(String name) {
		Double value = this.values.get(name);
		if (value == null) {
			throw new IllegalArgumentException("No " + name + " in " + this.values.keySet());
		}
		return value;
	}

	public String toLine() {
		StringBuilder line = new StringBuilder(PREFIX);
		this.values.forEach((name, value) -> line.append(name)
			.append('=')
			.append(String.format(Locale.ROOT, "%.3f", value))
			.append(' '));
		return line.toString().trim();
	}

	public static Result parse(String line) {
		if (!line.startsWith(PREFIX)) {
			throw new IllegalArgumentException("Not a result line: " + line);
		}
		Result result = new Result();
		for (String pair : line.substring(PREFIX.length()).trim().split(" ")) {
			int equals = pair.indexOf('=');
			result.put(pair.substring(0, equals), Double.parseDouble(pair.substring(equals + 1)));
		}
		return result;
	}

	static Histogram newLatencyHistogram() {
		return new Histogram(3);
	}

	@Override
	public String toString() {
		return toLine();
	}

}
