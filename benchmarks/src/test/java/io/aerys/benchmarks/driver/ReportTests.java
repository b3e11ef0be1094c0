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
		assertThat(table)
			.contains("| 9,500 (9,000–10,000) | 10,000 (9,900–10,100) | 0.95x | ≥ 0.97x | **missed** (-2%) |");
	}

	@Test
	void appliesValueTargetsToTheStarterAlone() {
		this.measurements.add("broadcast-slow/with", Measurements.STARTER, new Result().put("keep", 0.95));
		this.measurements.add("broadcast-slow/with", Measurements.BASELINE, new Result().put("keep", 0.01));
		assertThat(report().table()).contains("| 0.95 | 0.01 | 95.00x | starter ≥ 0.9 | met (+6%) |");
	}

	@Test
	void keepsTheNotesOfThePreviousFile() {
		this.measurements.add("idle", Measurements.STARTER, new Result().put("heapPerConnection", 80 * 1024));
		this.measurements.add("idle", Measurements.BASELINE, new Result().put("heapPerConnection", 78 * 1024));
		Report.Context context = new Report.Context("a machine", Map.of("17", "OpenJDK 17"), "benchmarks/run.sh", true,
				Duration.ofMinutes(20), 0.5, 2.0, List.of(0.1, 0.3), "3 runs");
		String previous = "# Old\n" + Report.NOTES_BEGIN + "\nWhat we learnt.\n" + Report.NOTES_END + "\n";
		String rendered = report().render(context, previous);
		assertThat(rendered).contains("| 80.0 | 78.0 | 1.03x | ≤ 1.1x | met (+7%) |")
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

	private Report report() {
		return new Report(this.measurements, Map.of(), Map.of(), Map.of());
	}

}
