package io.aerys.benchmarks.driver;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;

import io.aerys.benchmarks.driver.Measurements.Stats;
import io.aerys.benchmarks.load.Result;
import org.jspecify.annotations.Nullable;

/**
 * Renders the measurements as {@code BENCHMARKS.md}: context, the table with ratios and verdicts,
 * the idle memory breakdown, the CPU profile and the JMH figures. Text between the notes markers
 * of the previous file is kept.
 */
final class Report {

	static final String NOTES_BEGIN = "<!-- notes: kept when the driver rewrites this file -->";

	static final String NOTES_END = "<!-- end of notes -->";

	private static final String ECHO_64 = "Echo 64 B, 100 connections, 1 in flight";

	private static final String ECHO_16K = "Echo 16 KiB, 100 connections, 1 in flight";

	private static final String OPEN_64 = "Echo 64 B open loop, 100 connections, 80% of baseline max rate";

	static final List<Row> ROWS = List.of(
			new Row("echo-64", ECHO_64, "throughput", "msg/s", 1, Target.ratioAtLeast(0.97)),
			new Row("echo-64", ECHO_64, "latency.p50", "p50 µs", 1, null),
			new Row("echo-64", ECHO_64, "latency.p99", "p99 µs", 1, Target.ratioAtMost(1.1)),
			new Row("echo-64", ECHO_64, "serverCpuPerMessage", "server CPU µs/msg", 1, null),
			new Row("echo-64", ECHO_64, "serverBytesPerMessage", "server bytes allocated/msg", 1, null),
			noise("echo-64", ECHO_64),
			new Row("echo-16k", ECHO_16K, "throughput", "msg/s", 1, Target.ratioAtLeast(0.97)),
			new Row("echo-16k", ECHO_16K, "latency.p99", "p99 µs", 1, null),
			new Row("echo-16k", ECHO_16K, "serverCpuPerMessage", "server CPU µs/msg", 1, null),
			new Row("echo-16k", ECHO_16K, "serverBytesPerMessage", "server bytes allocated/msg", 1, null),
			noise("echo-16k", ECHO_16K),
			new Row("open-64", OPEN_64, "rate", "offered msg/s", 1, null),
			new Row("open-64", OPEN_64, "latency.p50", "p50 µs", 1, null),
			new Row("open-64", OPEN_64, "latency.p99", "p99 µs", 1, Target.ratioAtMost(1.1)),
			new Row("open-64", OPEN_64, "latency.p999", "p99.9 µs", 1, null),
			new Row("open-64", OPEN_64, "sendLag.p99", "client send lag p99 µs", 1, null),
			new Row("open-64", OPEN_64, "serverCores", "server cores busy", 1, null),
			new Row("open-64", OPEN_64, "serverCpuPerMessage", "server CPU µs/msg", 1, null),
			noise("open-64", OPEN_64),
			new Row("broadcast-1000", "Broadcast 64 B to 1,000 receivers", "deliveries", "deliveries/s", 1,
					Target.ratioAtLeast(1.5)),
			new Row("broadcast-1000", "Broadcast 64 B to 1,000 receivers", "latency.p99", "delivery p99 µs", 1, null),
			new Row("broadcast-1000", "Broadcast 64 B to 1,000 receivers", "serverCpuPerMessage",
					"server CPU µs/delivery", 1, null),
			new Row("broadcast-1000", "Broadcast 64 B to 1,000 receivers", "serverBytesPerMessage",
					"server bytes allocated/delivery", 1, null),
			noise("broadcast-1000", "Broadcast 64 B to 1,000 receivers"),
			new Row("broadcast-slow/without", "Broadcast 1 KiB to 100 receivers", "deliveries", "deliveries/s", 1, null),
			new Row("broadcast-slow/without", "Broadcast 1 KiB to 100 receivers", "latency.p99", "delivery p99 µs", 1,
					null),
			new Row("broadcast-slow/without", "Broadcast 1 KiB to 100 receivers", "serverLiveHeapMiB",
					"server live heap at the end, MiB", 1, null),
			new Row("broadcast-slow/with", "Broadcast 1 KiB to 100 receivers + 10 that never read", "deliveries",
					"deliveries/s", 1, null),
			new Row("broadcast-slow/with", "Broadcast 1 KiB to 100 receivers + 10 that never read", "latency.p99",
					"delivery p99 µs", 1, null),
			new Row("broadcast-slow/with", "Broadcast 1 KiB to 100 receivers + 10 that never read", "serverLiveHeapMiB",
					"server live heap at the end, MiB", 1, null),
			new Row("broadcast-slow/with", "Broadcast 1 KiB to 100 receivers + 10 that never read", "keep",
					"rate kept vs. without the 10", 1, Target.valueAtLeast(0.9, "starter ≥ 0.9")),
			new Row("broadcast-slow/with", "Broadcast 1 KiB to 100 receivers + 10 that never read", "latencyGrowth",
					"delivery p99 vs. without the 10", 1, Target.valueAtMost(1.2, "starter ≤ 1.2")),
			new Row("broadcast-slow/with", "Broadcast 1 KiB to 100 receivers + 10 that never read", "slowClosed",
					"never-reading clients seen closed by the client", 1, null),
			noise("broadcast-slow/with", "Broadcast 1 KiB to 100 receivers + 10 that never read"),
			new Row("idle", "10,000 idle connections", "heapPerConnection", "heap KiB/conn", 1024, Target.ratioAtMost(1.1)),
			new Row("idle", "10,000 idle connections", "rssPerConnection", "RSS growth KiB/conn (native)", 1024, null),
			new Row("idle", "10,000 idle connections", "totalPerConnection", "heap + RSS KiB/conn", 1024,
					Target.ratioAtMost(1.1)),
			noise("idle", "10,000 idle connections"),
			new Row("echo-64@25", ECHO_64 + ", JDK 25", "throughput", "msg/s", 1, Target.ratioAtLeast(0.97)),
			new Row("echo-64@25", ECHO_64 + ", JDK 25", "latency.p99", "p99 µs", 1, Target.ratioAtMost(1.1)),
			new Row("echo-64@25", ECHO_64 + ", JDK 25", "serverCpuPerMessage", "server CPU µs/msg", 1, null),
			noise("echo-64@25", ECHO_64 + ", JDK 25"),
			new Row("echo-16k@25", ECHO_16K + ", JDK 25", "throughput", "msg/s", 1, Target.ratioAtLeast(0.97)),
			new Row("echo-16k@25", ECHO_16K + ", JDK 25", "serverCpuPerMessage", "server CPU µs/msg", 1, null),
			noise("echo-16k@25", ECHO_16K + ", JDK 25"),
			new Row("open-64@25", OPEN_64 + ", JDK 25", "rate", "offered msg/s", 1, null),
			new Row("open-64@25", OPEN_64 + ", JDK 25", "latency.p99", "p99 µs", 1, Target.ratioAtMost(1.1)),
			new Row("open-64@25", OPEN_64 + ", JDK 25", "serverCores", "server cores busy", 1, null),
			noise("open-64@25", OPEN_64 + ", JDK 25"),
			new Row("profile-16k", "Echo 16 KiB under the flight recorder (1 run)", "throughput", "msg/s", 1, null));

	private final Measurements measurements;

	private static Row noise(String caseKey, String title) {
		return new Row(caseKey, title, "cpuOthers", "noise: CPU used by other processes, cores", 1, null);
	}

	private final Map<String, Profile> profiles;

	private final Map<String, String> histograms;

	private final Map<String, Result> jmh;

	Report(Measurements measurements, Map<String, Profile> profiles, Map<String, String> histograms,
			Map<String, Result> jmh) {
		this.measurements = measurements;
		this.profiles = profiles;
		this.histograms = histograms;
		this.jmh = jmh;
	}

	/**
	 * Render the table of every measured figure.
	 * @return Markdown
	 */
	String table() {
		StringBuilder out = new StringBuilder("| case | figure | starter: median (min–max) | baseline: median (min–max) "
				+ "| starter / baseline: of the medians | of each pair: median (min–max) | target | verdict |\n"
				+ "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |\n");
		for (Row row : ROWS) {
			Comparison comparison = compare(row);
			if (comparison.starter() == null && comparison.baseline() == null) {
				continue;
			}
			double ratio = comparison.ratioOfMedians();
			out.append("| ").append(row.title()).append(" | ").append(row.label()).append(" | ")
				.append(cell(comparison.starter(), row.scale())).append(" | ")
				.append(cell(comparison.baseline(), row.scale())).append(" | ")
				.append(Double.isNaN(ratio) ? "–" : ratio(ratio)).append(" | ")
				.append((comparison.pairs() != null) ? pairsCell(comparison.pairs()) : "–").append(" | ")
				.append((row.target() != null) ? row.target().description() : "").append(" | ")
				.append(comparison.verdict(row.target())).append(" |\n");
		}
		return out.toString();
	}

	/**
	 * Return the verdicts, one line per target, for the summary.
	 * @return Markdown bullet lines
	 */
	List<String> verdicts() {
		List<String> lines = new ArrayList<>();
		for (Row row : ROWS) {
			Comparison comparison = compare(row);
			Stats starter = comparison.starter();
			Stats baseline = comparison.baseline();
			if (row.target() == null || starter == null || baseline == null) {
				continue;
			}
			double ratio = comparison.ratioOfMedians();
			lines.add("- " + row.title() + ", " + row.label() + ": " + comparison.verdict(row.target()) + " (starter "
					+ number(starter.median() / row.scale()) + ", baseline " + number(baseline.median() / row.scale())
					+ (Double.isNaN(ratio) ? "" : ", " + ratio(ratio) + " of the medians")
					+ ((comparison.pairs() != null) ? ", " + pairsCell(comparison.pairs()) + " by pair" : "")
					+ "; target " + row.target().description() + ")");
		}
		return lines;
	}

	private Comparison compare(Row row) {
		return new Comparison(this.measurements.stats(row.caseKey(), Measurements.STARTER, row.metric()),
				this.measurements.stats(row.caseKey(), Measurements.BASELINE, row.metric()),
				this.measurements.pairRatios(row.caseKey(), row.metric()));
	}

	private static String ratio(double ratio) {
		return String.format(Locale.ROOT, "%.2fx", ratio);
	}

	private static String pairsCell(Stats pairs) {
		return spread(pairs, Report::ratio, (bound) -> String.format(Locale.ROOT, "%.2f", bound));
	}

	private static String cell(@Nullable Stats stats, double scale) {
		if (stats == null) {
			return "–";
		}
		DoubleFunction<String> scaled = (value) -> number(value / scale);
		return spread(stats, scaled, scaled);
	}

	private static String spread(Stats stats, DoubleFunction<String> median, DoubleFunction<String> bound) {
		String cell = median.apply(stats.median());
		return (stats.count() == 1) ? cell
				: cell + " (" + bound.apply(stats.min()) + "–" + bound.apply(stats.max()) + ")";
	}

	static String number(double value) {
		double magnitude = Math.abs(value);
		if (magnitude >= 1000) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (magnitude >= 10) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

	String jmhTable() {
		if (this.jmh.isEmpty()) {
			return "";
		}
		StringBuilder out = new StringBuilder("| benchmark |");
		StringBuilder rule = new StringBuilder("| --- |");
		for (String jdk : this.jmh.keySet()) {
			out.append(" JDK ").append(jdk).append(" ns/op | JDK ").append(jdk).append(" B/op |");
			rule.append(" ---: | ---: |");
		}
		out.append('\n').append(rule).append('\n');
		for (String benchmark : List.of("direct", "dispatch", "dispatchMixed", "directWithClientId",
				"dispatchWithClientId")) {
			out.append("| `").append(benchmark).append("` |");
			for (Result result : this.jmh.values()) {
				out.append(String.format(Locale.ROOT, " %.1f ± %.1f | %.0f |", result.get(benchmark + ".ns"),
						error(result.get(benchmark + ".nsError")), result.get(benchmark + ".bytes")));
			}
			out.append('\n');
		}
		String[][] pairs = { { "dispatch", "direct" }, { "dispatchMixed", "direct" },
				{ "dispatchWithClientId", "directWithClientId" } };
		for (String[] pair : pairs) {
			out.append("| ").append(pair[0]).append(" − ").append(pair[1]).append(" (target ≤ 100 ns, 0 B) |");
			for (Result result : this.jmh.values()) {
				double ns = result.get(pair[0] + ".ns") - result.get(pair[1] + ".ns");
				double bytes = result.get(pair[0] + ".bytes") - result.get(pair[1] + ".bytes");
				out.append(String.format(Locale.ROOT, " %.1f %s | %.0f %s |", ns, (ns <= 100) ? "met" : "**missed**", bytes,
						(bytes < 1) ? "met" : "**missed**"));
			}
			out.append('\n');
		}
		return out.toString();
	}

	private static double error(double error) {
		return Double.isNaN(error) ? 0 : error;
	}

	String render(Context context, String previous) {
		StringBuilder out = new StringBuilder();
		out.append("# Benchmarks\n\n");
		out.append("The starter against the raw Spring WebSocket handler users would write without it, ")
			.append("on the same Tomcat and JVM. ")
			.append("Written by the driver (`benchmarks/run.sh`); only the notes at the end are edited by hand.\n\n");
		out.append("| | |\n| --- | --- |\n");
		out.append("| date | ").append(LocalDate.now()).append(" |\n");
		out.append("| machine | ").append(context.machine()).append(" |\n");
		context.jdks().forEach((jdk, version) -> out.append("| JDK ").append(jdk).append(" | ").append(version)
			.append(" |\n"));
		out.append("| command | `").append(context.command()).append("` |\n");
		out.append("| runs | ").append(context.runs()).append(" |\n");
		out.append("| placement | ")
			.append(context.pinned()
					? "server pinned to core 0 (its JIT compiler threads free on both cores during the warm-up), load generator (and JMH) to core 1 with `taskset`"
					: "not pinned (fewer than 2 cores or no taskset)")
			.append(" |\n");
		out.append("| server JVM | `")
			.append(String.join(" ", Launcher.SERVER_JVM_FLAGS))
			.append("`, Tomcat defaults but `server.tomcat.max-connections=20000` |\n");
		out.append("| suite time | ").append(context.elapsed().toMinutes()).append(" min |\n");
		out.append("| noise | ").append(noise(context)).append(" |\n\n");
		out.append("## Results\n\n").append(table()).append('\n');
		List<String> verdicts = verdicts();
		if (!verdicts.isEmpty()) {
			out.append("Targets:\n\n").append(String.join("\n", verdicts)).append("\n\n");
		}
		if (!this.histograms.isEmpty()) {
			out.append("## Idle connections: what the heap holds per connection\n\n")
				.append("Live objects added per connection (`jcmd <pid> GC.class_histogram` with the connections open, ")
				.append("minus before), first run.\n\n");
			this.histograms.forEach((mode, table) -> out.append("### ").append(mode).append("\n\n").append(table).append('\n'));
		}
		if (!this.profiles.isEmpty()) {
			out.append("## Where the server CPU goes: echo 16 KiB\n\n")
				.append("`jdk.ExecutionSample` events (what `jfr print --events jdk.ExecutionSample` lists) of one run per server ")
				.append("with `-XX:StartFlightRecording` sampling every 2 ms ")
				.append("(`benchmarks/src/main/resources/io/aerys/benchmarks/driver/profile.jfc`), ")
				.append("less the first 3 s of load.\n\n");
			this.profiles.forEach((mode, profile) -> out.append("### ").append(mode).append("\n\n")
				.append(profile.toMarkdown(15))
				.append('\n'));
		}
		if (!this.jmh.isEmpty()) {
			out.append("## Dispatch of one message (JMH)\n\n")
				.append("`invocation.invoke(callbackMethod, payload)` (the client's one reusable `Invocation`, ")
				.append("as the server calls it) of an ")
				.append("`@OnData String echo(String)` ")
				.append("against calling `echo` directly; `-prof gc` for bytes allocated per call. `dispatchMixed` has called ")
				.append("other callbacks through the same code first, as an application with several endpoints does. ")
				.append("1 fork, 3 × 1 s warm-up, 5 × 1 s measured, pinned to core 1.\n\n")
				.append(jmhTable()).append('\n');
		}
		out.append(method());
		out.append(NOTES_BEGIN).append('\n').append(notes(previous)).append(NOTES_END).append('\n');
		return out.toString();
	}

	private static String noise(Context context) {
		if (context.others().isEmpty()) {
			return "";
		}
		Stats others = Stats.of(context.others().stream().mapToDouble(Double::doubleValue).toArray());
		return String.format(Locale.ROOT,
				"CPU used by other processes during the load runs: median %.2f cores, max %.2f (of %d); "
						+ "load average %.1f before, %.1f after",
				others.median(), others.max(), Machine.cores(), context.loadBefore(), context.loadAfter());
	}

	private static String method() {
		return """
				## How it is measured

				- **Servers**: one Spring Boot application (`io.aerys.benchmarks.server.BenchmarkServer`) in two modes. `starter`: \
				`@WebsocketEndpoint("/echo")` whose `@OnData String echo(String)` returns the message, and \
				`@WebsocketEndpoint("/broadcast")` whose `@OnData` calls `Endpoint.broadcast`. `baseline` (starter switched off): \
				a `TextWebSocketHandler` echo and a broadcast handler looping over its sessions with `synchronized (session) \
				{ session.sendMessage(message); }`, registered with `@EnableWebSocket`. For 16 KiB messages the baseline needs \
				Tomcat's text buffer raised (8 KiB by default, else it closes with 1009): it gets 32 KiB, nothing else is tuned.
				- **Load generator** (`io.aerys.benchmarks.load.LoadGenerator`): Netty WebSocket clients on one event loop thread, \
				latencies in HdrHistogram. Closed-loop echo keeps W messages in flight per connection. The open loop sends at a \
				fixed rate, round robin, from a busy-polling event loop, and measures latency from the *intended* send time, so a \
				stall is charged in full (no coordinated omission); `client send lag` says how late the client itself was. Its \
				window is 30 s: its p99 rests on the server's young GC pauses (one every 2 to 3 s at this rate) and the \
				backlog after each, of which an 8 s window holds three. \
				Broadcast: one sender keeps 16 broadcasts in flight (a broadcast is done when every reading receiver has it); \
				receivers that never read stop reading after the handshake, with an 8 KiB receive buffer. Left \
				alone, Linux grows a server socket's send buffer to 4 MiB, which such a receiver would absorb for \
				many seconds; so in this case only, both servers get Tomcat's `socket.txBufSize=65536`, and the \
				rate with them is measured after 3 s, once their sockets are full, against the same server's rate \
				without them just before. Idle: N connections from 8 loopback source addresses \
				(127.0.0.2–9, so repeated runs never run out of ephemeral ports), heap after `System.gc()` and RSS from \
				`/proc/self/status`, before and after, divided by N. The server heap is pre-touched \
				(`-XX:+AlwaysPreTouch`), so RSS \
				growth is native memory and heap + RSS is the whole cost. `ulimit -n` is 20000 here, enough for 10,000 \
				connections per process.
				- **Driver** (`io.aerys.benchmarks.driver.Driver`): for each case, pairs of runs, in rounds: \
				each round starts a fresh process of each server, both on core 0, and loads them in turns, the other one idle, \
				so that the two runs of a pair are seconds apart (this host switches between a fast and a slow state for \
				minutes at a time, and a fresh process per run put the runs of a pair over a minute apart); more than one \
				round keeps one JIT outcome from deciding a case. The pairs alternate which server goes first (starter then \
				baseline, then baseline then starter), so that neither always follows the other's load. A server's first run \
				warms up for the full warm-up, its later ones for the short one. A ratio target is judged by the median of \
				the pairs' ratios (each run against the other server's run of its pair); the ratio of the two medians is \
				shown beside it, and where they differ, the medians fell in different states of the host. The closed-loop \
				64 B echo gets twice the pairs (and rounds), and each of its pairs is one run that loads both servers: \
				the load generator holds 100 connections to each and loads them in turns of 1 s (A B B A ..., the other \
				idle, each turn's messages in flight back before the next) until each has had the measured time, and \
				reads the server's CPU around each turn; its warm-up loads both at once, for twice the warm-up. Its \
				throughput target is closer than this host's speed moves within seconds (a fixed task timed on the idle \
				server core took 5.4 to 17.3 ms from one 5 s window to the next), so two runs one after the other can \
				meet different states; turns of a second spread both servers over the same ones. \
				Server CPU time is read over HTTP around the measured window (CPU per message), \
				and the CPU used by every other process on the machine is reported as noise. The echo cases warm up for at least the \
				warm-up time, then until the server's JIT compile queues are empty (`Compiler.queue`, three looks 0.5 s \
				apart, at most 60 s): on a core shared with a hundred busy container threads, methods waited minutes for the \
				C2 compiler, so the server's compiler threads may also run on core 1 during the warm-up; their CPU counts as the \
				server's. When the warm-up ends they are pinned back to core 0: a late compile on core 1 would delay the \
				busy-polling load generator's sends by milliseconds. The server's own pages (CPU, JIT queue) are asked \
				throughout the warm-up: asked only at its end, they took Tomcat's HTTP path for the first time and \
				deoptimized its connection handling just as the measurement started.

				""";
	}

	private static String notes(String previous) {
		int begin = previous.indexOf(NOTES_BEGIN);
		int end = previous.indexOf(NOTES_END);
		if (begin < 0 || end < begin) {
			return "\n";
		}
		return previous.substring(begin + NOTES_BEGIN.length() + 1, end);
	}

	/**
	 * One figure of one case.
	 *
	 * @param caseKey the case
	 * @param title the case as printed
	 * @param metric the figure's name in the results
	 * @param label the figure as printed
	 * @param scale divides the figure for printing
	 * @param target what the starter must reach, or {@code null}
	 */
	record Row(String caseKey, String title, String metric, String label, double scale, @Nullable Target target) {

	}

	/**
	 * One figure of one case: each server's runs, and the ratios of their pairs.
	 *
	 * @param starter the starter's runs
	 * @param baseline the baseline's runs
	 * @param pairs starter / baseline, pair by pair
	 */
	private record Comparison(@Nullable Stats starter, @Nullable Stats baseline, @Nullable Stats pairs) {

		double ratioOfMedians() {
			return (this.starter != null && this.baseline != null && this.baseline.median() != 0)
					? this.starter.median() / this.baseline.median() : Double.NaN;
		}

		/**
		 * Return the ratio a target is judged by: the median of the pairs' ratios where there are
		 * pairs. The runs of a pair are seconds apart and meet the host in the same state; the
		 * medians of each side can fall in different ones (this host switches between a fast and a
		 * slow state for minutes at a time).
		 * @return the ratio
		 */
		double judged() {
			return (this.pairs != null) ? this.pairs.median() : ratioOfMedians();
		}

		String verdict(@Nullable Target target) {
			double ratio = judged();
			if (target == null || this.starter == null || (target.onRatio() && Double.isNaN(ratio))) {
				return "";
			}
			return String.format(Locale.ROOT, "%s (%+.0f%%)",
					target.isMet(this.starter.median(), ratio) ? "met" : "**missed**",
					target.margin(this.starter.median(), ratio) * 100);
		}

	}

	/**
	 * Where and how the suite ran.
	 *
	 * @param machine the machine
	 * @param jdks the JDK versions by feature release
	 * @param command the command line
	 * @param pinned whether server and client had a core each
	 * @param elapsed how long the suite took
	 * @param loadBefore the load average before
	 * @param loadAfter the load average after
	 * @param others the CPU other processes used during each load run, in cores
	 * @param runs how many runs, how long
	 */
	record Context(String machine, Map<String, String> jdks, String command, boolean pinned, Duration elapsed,
			double loadBefore, double loadAfter, List<Double> others, String runs) {

	}

}
