package io.aerys.benchmarks.jmh;

import java.util.Collection;

import io.aerys.benchmarks.load.Options;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link DispatchBenchmark} with the GC profiler and prints one {@code RESULT} line with
 * {@code <benchmark>.ns} and {@code <benchmark>.bytes} (allocated per operation) of each method.
 * {@code --jvm=PATH} runs the forks on another JVM; {@code --quick} runs a smoke-sized pass.
 */
public final class DispatchBenchmarks {

	private DispatchBenchmarks() {
	}

	public static void main(String[] args) throws Exception {
		System.out.println(run(Options.parse(args)).toLine());
		System.exit(0);
	}

	public static io.aerys.benchmarks.load.Result run(Options options) throws Exception {
		ChainedOptionsBuilder builder = new OptionsBuilder().include(DispatchBenchmark.class.getName() + ".*")
			.addProfiler(GCProfiler.class);
		if (options.has("quick")) {
			builder.forks(0)
				.warmupIterations(1)
				.warmupTime(TimeValue.milliseconds(100))
				.measurementIterations(1)
				.measurementTime(TimeValue.milliseconds(100))
				.verbosity(VerboseMode.SILENT);
		}
		if (options.has("jvm")) {
			builder.jvm(options.get("jvm", ""));
		}
		Collection<RunResult> results = new Runner(builder.build()).run();
		io.aerys.benchmarks.load.Result figures = new io.aerys.benchmarks.load.Result();
		for (RunResult run : results) {
			String name = run.getParams().getBenchmark();
			name = name.substring(name.lastIndexOf('.') + 1);
			figures.put(name + ".ns", run.getPrimaryResult().getScore());
			figures.put(name + ".nsError", run.getPrimaryResult().getScoreError());
			Result<?> allocated = run.getSecondaryResults().get("gc.alloc.rate.norm");
			figures.put(name + ".bytes", (allocated != null) ? allocated.getScore() : Double.NaN);
		}
		return figures;
	}

}
