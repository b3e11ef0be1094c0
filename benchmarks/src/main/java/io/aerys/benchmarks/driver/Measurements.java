package io.aerys.benchmarks.driver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.aerys.benchmarks.load.Result;
import org.jspecify.annotations.Nullable;

/**
 * The results of every run, by case and server mode, with their medians.
 */
final class Measurements {

	static final String STARTER = "starter";

	static final String BASELINE = "baseline";

	private final Map<String, Map<String, List<Result>>> results = new LinkedHashMap<>();

	void add(String caseKey, String mode, Result result) {
		this.results.computeIfAbsent(caseKey, (key) -> new LinkedHashMap<>())
			.computeIfAbsent(mode, (key) -> new ArrayList<>())
			.add(result);
	}

	List<Result> get(String caseKey, String mode) {
		return this.results.getOrDefault(caseKey, Map.of()).getOrDefault(mode, List.of());
	}

	/**
	 * Return the statistics of one figure of one case and mode.
	 * @param caseKey the case
	 * @param mode the server mode
	 * @param metric the figure
	 * @return its statistics, or {@code null} if it was not measured
	 */
	@Nullable Stats stats(String caseKey, String mode, String metric) {
		List<Result> runs = get(caseKey, mode);
		double[] values = runs.stream()
			.filter((result) -> result.values().containsKey(metric))
			.mapToDouble((result) -> result.get(metric))
			.toArray();
		return (values.length > 0) ? Stats.of(values) : null;
	}

	/**
	 * Return the statistics of starter / baseline over the pairs of runs of one figure: the n-th run
	 * of each server, which the driver makes seconds apart in one round, so that both met the
	 * host in the same state.
	 * @param caseKey the case
	 * @param metric the figure
	 * @return the statistics of the pairs' ratios, or {@code null} if no pair has the figure
	 */
	@Nullable Stats pairRatios(String caseKey, String metric) {
		List<Result> starter = get(caseKey, STARTER);
		List<Result> baseline = get(caseKey, BASELINE);
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < Math.min(starter.size(), baseline.size()); i++) {
			Double value = starter.get(i).values().get(metric);
			Double base = baseline.get(i).values().get(metric);
			if (value != null && base != null && base != 0) {
				ratios.add(value / base);
			}
		}
		return ratios.isEmpty() ? null : Stats.of(ratios.stream().mapToDouble(Double::doubleValue).toArray());
	}

	/**
	 * The median, minimum and maximum of the runs of one figure.
	 *
	 * @param median the median
	 * @param min the smallest
	 * @param max the largest
	 * @param count how many runs
	 */
	record Stats(double median, double min, double max, int count) {

		static Stats of(double... values) {
			double[] sorted = values.clone();
			Arrays.sort(sorted);
			int n = sorted.length;
			double median = (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
			return new Stats(median, sorted[0], sorted[n - 1], n);
		}

	}

}
