package io.aerys.benchmarks.driver;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.aerys.benchmarks.load.Result;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTests {

	private final Measurements measurements = new Measurements();

	@Test
	void takesMediansAndComparesThemWithTheTargets() {
		for (double throughput : new double[] { 9_000, 10_000, 9_500 }) {
			this.measurements.add("echo-64", Measurements.STARTER, new Result().put("throughput", throughput));
		}
		for (double throughput : new double[] { 10_000, 10_100, 9_900 }) {
			this.measurements.add("echo-64", Measurements.BASELINE, new Result().put("throughput", throughput));
		}
		String table = report().table();
		assertThat(table).contains(
				"| 9,500 (9,000–10,000) | 10,000 (9,900–10,100) | 0.95x | 0.96x (0.90–0.99) | ≥ 0.97x | **missed** (-1%) |");
	}

	@Test
	void judgesRatioTargetsByThePairsThoughTheMediansMeetThem() {
		// The host switched between its states during the second and third pairs: the medians
		// compare runs from different states, each pair runs from one.
		add("echo-64", "throughput", new double[] { 40_000, 40_000, 30_000 }, new double[] { 42_000, 30_500, 41_000 });
		Report report = report();
		assertThat(report.table()).contains("| 40,000 (30,000–40,000) | 41,000 (30,500–42,000) | 0.98x | 0.95x (0.73–1.31) "
				+ "| ≥ 0.97x | **missed** (-2%) |");
		assertThat(report.verdicts()).containsExactly("- Echo 64 B, 100 connections, 1 in flight, msg/s: **missed** (-2%) "
				+ "(starter 40,000, baseline 41,000, 0.98x of the medians, 0.95x (0.73–1.31) by pair; target ≥ 0.97x)");
	}

	@Test
	void judgesRatioTargetsByThePairsThoughTheMediansMissThem() {
		add("echo-64", "throughput", new double[] { 30_000, 30_000, 43_000 }, new double[] { 30_000, 43_000, 43_000 });
		assertThat(report().table()).contains("| 0.70x | 1.00x (0.70–1.00) | ≥ 0.97x | met (+3%) |");
	}

	@Test
	void appliesValueTargetsToTheStarterAlone() {
		this.measurements.add("broadcast-slow/with", Measurements.STARTER, new Result().put("keep", 0.95));
		this.measurements.add("broadcast-slow/with", Measurements.BASELINE, new Result().put("keep", 0.01));
		assertThat(report().table()).contains("| 0.95 | 0.01 | 95.00x | 95.00x | starter ≥ 0.9 | met (+6%) |");
	}

	@Test
	void keepsTheNotesOfThePreviousFile() {
		this.measurements.add("idle", Measurements.STARTER, new Result().put("heapPerConnection", 80 * 1024));
		this.measurements.add("idle", Measurements.BASELINE, new Result().put("heapPerConnection", 78 * 1024));
		Report.Context context = new Report.Context("a machine", Map.of("17", "OpenJDK 17"), "benchmarks/run.sh", true,
				Duration.ofMinutes(20), 0.5, 2.0, List.of(0.1, 0.3), "3 runs");
		String previous = "# Old\n" + Report.NOTES_BEGIN + "\nWhat we learnt.\n" + Report.NOTES_END + "\n";
		String rendered = report().render(context, previous);
		assertThat(rendered).contains("| 80.0 | 78.0 | 1.03x | 1.03x | ≤ 1.1x | met (+7%) |")
			.contains("median 0.20 cores")
			.endsWith(Report.NOTES_BEGIN + "\nWhat we learnt.\n" + Report.NOTES_END + "\n");
	}

	@Test
	void reportsDispatchCostOverADirectCall() {
		Result jmh = new Result();
		for (String benchmark : new String[] { "direct", "dispatch", "dispatchMixed", "directWithClientId",
				"dispatchWithClientId" }) {
			jmh.put(benchmark + ".ns", benchmark.startsWith("direct") ? 1 : 31).put(benchmark + ".nsError", 0.5)
				.put(benchmark + ".bytes", benchmark.startsWith("direct") ? 0 : 24);
		}
		Report report = new Report(this.measurements, Map.of(), Map.of(), Map.of("17", jmh));
		assertThat(report.jmhTable()).contains("| dispatch − direct (target ≤ 100 ns, 0 B) | 30.0 met | 24 **missed** |");
	}

	private void add(String caseKey, String metric, double[] starter, double[] baseline) {
		for (int i = 0; i < starter.length; i++) {
			this.measurements.add(caseKey, Measurements.STARTER, new Result().put(metric, starter[i]));
			this.measurements.add(caseKey, Measurements.BASELINE, new Result().put(metric, baseline[i]));
		}
	}

	private Report report() {
		return new Report(this.measurements, Map.of(), Map.of(), Map.of());
	}

}
