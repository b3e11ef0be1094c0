package io.aerys.benchmarks.jmh;

import io.aerys.benchmarks.load.Options;
import io.aerys.benchmarks.load.Result;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One short in-process pass of every JMH benchmark: they compile, run and report time and
 * allocation.
 */
class DispatchBenchmarksTests {

	@Test
	void runsEveryBenchmarkWithTheGcProfiler() throws Exception {
		Result result = DispatchBenchmarks.run(Options.parse("--quick"));
		for (String benchmark : new String[] { "direct", "dispatch", "dispatchMixed", "directWithClientId",
				"dispatchWithClientId" }) {
			// NaN, what a figure JMH did not report becomes, passes isPositive(): ask for a number first.
			assertThat(result.get(benchmark + ".ns")).as(benchmark).isFinite().isPositive();
			assertThat(result.get(benchmark + ".bytes")).as(benchmark).isFinite().isNotNegative();
		}
	}

	@Test
	void dispatchCallsTheMethodWithTheMessage() throws Throwable {
		DispatchBenchmark benchmark = new DispatchBenchmark();
		benchmark.setUp();
		assertThat(benchmark.dispatch()).isEqualTo(benchmark.direct());
		assertThat(benchmark.dispatchWithClientId()).isEqualTo(benchmark.directWithClientId());
	}

}
