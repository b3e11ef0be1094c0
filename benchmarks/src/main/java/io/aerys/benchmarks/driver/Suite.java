package io.aerys.benchmarks.driver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import io.aerys.benchmarks.load.Options;
import io.aerys.benchmarks.load.Result;

/**
 * The cases of the suite, with their sizes: the issue's cases at full size, or tiny ones with
 * {@code --quick}.
 */
final class Suite {

	/** Tomcat's text buffer for the baseline's whole 16 KiB messages: twice the largest message. */
	static final int BASELINE_TEXT_BUFFER = 32 * 1024;

	/** Tomcat's socket send buffer in the slow receivers case, for both servers: see {@code SocketBuffers}. */
	static final int SLOW_CASE_SOCKET_SEND_BUFFER = 64 * 1024;

	/**
	 * How many times the usual pairs (and rounds) the closed-loop 64 B echo gets. Its targets (0.97x
	 * of the baseline's rate, 1.1x its p99) are closer than its median of six pairs moved from one
	 * table to the next on this host (by about 5%, on the same code).
	 */
	private static final int ECHO_64_WEIGHT = 2;

	private final boolean quick;

	private final int reps;

	private final Duration warmup;

	/** How many fresh processes of each server a case's runs are spread over. */
	private final int rounds;

	/**
	 * The warm-up of a run on a server that has run the case already: the load generator's own
	 * JIT, new connections. The first run of each server process warms up for {@link #warmup}.
	 */
	private final Duration rewarm;

	private final Duration duration;

	/**
	 * The open loop's measured window: its p99 rests on the server's few young GC pauses (one every
	 * 2 to 3 s at this rate), each followed by a backlog, and an 8 s window holds three of them.
	 */
	private final Duration openLoopDuration;

	Suite(Options options) {
		this.quick = options.has("quick");
		// Six, not three: this host switches between a fast and a slow state for minutes at a
		// time, and with three runs one slow run more on one side moves that side's median.
		this.reps = options.getInt("reps", this.quick ? 1 : 6);
		this.rounds = options.getInt("rounds", 2);
		// 30 s, not 15: after 15 s (and an empty compile queue) a fresh server's first run still
		// took 1.23 to 1.31 times the CPU per message of its later runs in three of four echo cases
		// (table of c79513e); with 30 s, none of eight first runs took over 1.13 times.
		this.warmup = options.getDuration("warmup", this.quick ? Duration.ofSeconds(1) : Duration.ofSeconds(30));
		this.rewarm = options.getDuration("rewarm", this.quick ? Duration.ofSeconds(1) : Duration.ofSeconds(5));
		this.duration = options.getDuration("duration", this.quick ? Duration.ofSeconds(2) : Duration.ofSeconds(8));
		this.openLoopDuration = options.getDuration("open-duration",
				this.quick ? Duration.ofSeconds(2) : Duration.ofSeconds(30));
	}

	/**
	 * Return how many runs of each server a case gets: the idle connections, which take long and
	 * barely vary, two at most; the closed-loop 64 B echo twice as many as the others. The slow
	 * receivers get as many as the others: their figure is a ratio of two loads a few seconds
	 * apart, which the host's switch between its fast and slow states moves by a third (0.70 and
	 * 0.97 in one table, 1.14 and 1.17 in the next), so two runs do not settle its median.
	 * @param group the case
	 * @return the number of runs
	 */
	int reps(Group group) {
		if (group.id().equals("idle")) {
			return Math.min(this.reps, 2);
		}
		return this.reps * weight(group);
	}

	/**
	 * Return how many pairs of runs each round of fresh servers of a case gets: the runs spread
	 * evenly over the rounds, at most one round per run. The closed-loop 64 B echo gets twice the
	 * rounds, so that its rounds are as long as the others'.
	 * @param group the case
	 * @return the pairs of each round
	 */
	List<Integer> rounds(Group group) {
		return rounds(reps(group), this.rounds * weight(group));
	}

	/**
	 * Return how many times the usual pairs and rounds a case gets: {@link #ECHO_64_WEIGHT} for the
	 * closed-loop 64 B echo, on either JDK, else one.
	 */
	private static int weight(Group group) {
		return group.id().equals("echo-64") ? ECHO_64_WEIGHT : 1;
	}

	/**
	 * Return whether each run of a case loads both servers, in turns of a second (A B B A ...,
	 * the other one idle), not one server a run: the closed-loop 64 B echo. Its throughput target
	 * (0.97x) is closer than this host's speed moves within seconds (a fixed task timed on the
	 * idle server core took from 5.4 to 17.3 ms between 5 s windows), so two runs of 8 s each,
	 * one after the other, can meet the host in different states; turns of a second spread both
	 * servers over the same states.
	 * @param group the case
	 * @return whether its runs take both servers
	 */
	static boolean interleaved(Group group) {
		return group.id().equals("echo-64");
	}

	/**
	 * Return the runs of a pair: one that loads both servers if the case is
	 * {@link #interleaved}, else one per server.
	 * @param group the case
	 * @param order the servers, in the pair's order
	 * @return the servers of each run, in order
	 */
	static List<List<String>> runs(Group group, List<String> order) {
		return interleaved(group) ? List.of(order) : order.stream().map(List::of).toList();
	}

	/**
	 * Spread runs evenly over rounds, the first rounds taking one more where they do not divide.
	 * @param reps the runs of each server
	 * @param rounds the rounds wanted, at most one per run
	 * @return the pairs of each round
	 */
	static List<Integer> rounds(int reps, int rounds) {
		int count = Math.max(1, Math.min(rounds, reps));
		List<Integer> pairs = new ArrayList<>();
		for (int round = 0; round < count; round++) {
			pairs.add(reps / count + ((round < reps % count) ? 1 : 0));
		}
		return pairs;
	}

	/**
	 * Return the order of the servers in a pair of runs: starter first in odd pairs, baseline first
	 * in even ones, so that neither always runs right after the other's load.
	 * @param pair the pair, counted from 1 over the case's rounds
	 * @param modes the servers, in the order of the first pair
	 * @return the servers in the pair's order
	 */
	static List<String> order(int pair, List<String> modes) {
		if (pair % 2 == 1) {
			return modes;
		}
		List<String> reversed = new ArrayList<>(modes);
		Collections.reverse(reversed);
		return reversed;
	}

	/**
	 * Return the options of a run of a load: on a server warm from the case's runs before, the
	 * warm-up is cut to {@link #rewarm} (a shorter one stays).
	 * @param load the load
	 * @param warm whether the server has run the case already
	 * @return the load generator's options
	 */
	List<String> arguments(Load load, boolean warm) {
		Duration warmup = Options.parse(load.arguments().toArray(String[]::new)).getDuration("warmup", this.rewarm);
		if (!warm || warmup.compareTo(this.rewarm) <= 0) {
			return load.arguments();
		}
		List<String> arguments = new ArrayList<>(load.arguments());
		arguments.add("--warmup=" + this.rewarm.toMillis() + "ms");
		return arguments;
	}

	private int size(int full, int quick) {
		return this.quick ? quick : full;
	}

	private List<String> phases() {
		return phases(this.duration);
	}

	private List<String> phases(Duration measured) {
		return List.of("--warmup=" + this.warmup.toMillis() + "ms", "--duration=" + measured.toMillis() + "ms");
	}

	private List<String> echo(String size) {
		List<String> arguments = new ArrayList<>(List.of("--connections=" + size(100, 4), "--in-flight=1", "--size=" + size));
		arguments.addAll(echoPhases(this.duration));
		return arguments;
	}

	/** The phases of the echo cases: the warm-up also waits for the server's JIT to rest. */
	private List<String> echoPhases(Duration measured) {
		List<String> phases = new ArrayList<>(phases(measured));
		phases.add("--warmup-max=" + (this.quick ? 2 : 60) + "s");
		return phases;
	}

	List<Group> groups(Set<String> cases, boolean jdk25) {
		List<Group> groups = new ArrayList<>();
		List<String> jdks = jdk25 ? List.of("17", "25") : List.of("17");
		// JDK 25 repeats the echo cases named with it, or all three when none is.
		boolean echoNamed = cases.contains("echo-64") || cases.contains("echo-16k") || cases.contains("open-64");
		for (String jdk : jdks) {
			boolean all = jdk.equals("25") && !echoNamed;
			if (all || cases.contains("echo-64") || cases.contains("open-64")) {
				groups.add(new Group("echo-64", jdk, false, (m) -> List.of(new Load("", "echo", echo("64"), false))));
			}
			if (all || cases.contains("echo-16k")) {
				groups.add(new Group("echo-16k", jdk, true, (m) -> List.of(new Load("", "echo", echo("16k"), false))));
			}
			if (all || cases.contains("open-64")) {
				groups.add(new Group("open-64", jdk, false, (m) -> List.of(new Load("", "open", openLoop(m, jdk), false))));
			}
		}
		if (cases.contains("broadcast-1000")) {
			List<String> arguments = new ArrayList<>(List.of("--receivers=" + size(1000, 20), "--size=64", "--window=16",
					"--source-addresses=4"));
			arguments.addAll(phases());
			groups.add(new Group("broadcast-1000", "17", false, (m) -> List.of(new Load("", "broadcast", arguments, false))));
		}
		if (cases.contains("broadcast-slow")) {
			List<String> without = new ArrayList<>(List.of("--receivers=" + size(100, 10), "--size=1k", "--window=16"));
			without.addAll(phases());
			// The same server, already warm; measured once the never-reading receivers' sockets are full.
			List<String> with = new ArrayList<>(List.of("--receivers=" + size(100, 10), "--slow=" + size(10, 2),
					"--size=1k", "--window=16", "--warmup=" + (this.quick ? 1 : 3) + "s",
					"--duration=" + this.duration.toMillis() + "ms"));
			groups.add(new Group("broadcast-slow", "17", false, (m) -> List.of(new Load("without", "broadcast", without, false),
					new Load("with", "broadcast", with, false))));
		}
		if (cases.contains("idle")) {
			List<String> arguments = List.of("--connections=" + size(10_000, 200), "--source-addresses=8");
			groups.add(new Group("idle", "17", false, (m) -> List.of(new Load("", "idle", arguments, true))));
		}
		return groups;
	}

	Group profileGroup() {
		return new Group("profile-16k", "17", true, (m) -> List.of(new Load("", "echo", echo("16k"), false)));
	}

	/**
	 * The open-loop rate: 80% of the most the baseline served in the closed-loop 64 B echo of the
	 * same JDK in this run.
	 */
	private List<String> openLoop(Measurements measurements, String jdk) {
		Measurements.Stats max = measurements.stats(Group.key("echo-64", jdk), Measurements.BASELINE, "throughput");
		if (max == null) {
			throw new IllegalStateException("The open-loop rate comes from the baseline's echo-64 throughput, not measured");
		}
		List<String> arguments = new ArrayList<>(List.of("--connections=" + size(100, 4), "--size=64",
				String.format(Locale.ROOT, "--rate=%.0f", max.median() * 0.8)));
		arguments.addAll(echoPhases(this.openLoopDuration));
		return arguments;
	}

	List<String> jmhArguments() {
		return this.quick ? List.of("--quick") : List.of();
	}

	/**
	 * Add figures computed from the loads of one server process: for the idle connections, heap and
	 * RSS growth together; for the slow receivers, what share of their rate the fast receivers keep and how
	 * their p99 latency grows.
	 */
	static void derive(Group group, Measurements measurements, String mode) {
		if (group.id().equals("idle")) {
			List<Result> idle = measurements.get(group.key(), mode);
			Result last = idle.get(idle.size() - 1);
			last.put("totalPerConnection", last.get("heapPerConnection") + last.get("rssPerConnection"));
		}
		if (group.id().equals("broadcast-slow")) {
			List<Result> without = measurements.get(group.key() + "/without", mode);
			List<Result> with = measurements.get(group.key() + "/with", mode);
			Result last = with.get(with.size() - 1);
			Result before = without.get(without.size() - 1);
			last.put("keep", last.get("deliveries") / before.get("deliveries"));
			last.put("latencyGrowth", last.get("latency.p99") / before.get("latency.p99"));
		}
	}

	static String headline(String mode, Result result) {
		return switch (mode) {
			case "echo" -> String.format(Locale.ROOT,
					"%,.0f msg/s  p50 %,.0f µs  p99 %,.0f µs  server %.2f cores, %.1f µs CPU/msg  others %.2f cores",
					result.get("throughput"), result.get("latency.p50"), result.get("latency.p99"),
					result.values().getOrDefault("serverCores", 0.0), result.values().getOrDefault("serverCpuPerMessage", 0.0),
					result.get("cpuOthers"));
			case "open" -> String.format(Locale.ROOT,
					"rate %,.0f/s  served %,.0f/s  p50 %,.0f µs  p99 %,.0f µs  send lag p99 %,.0f µs  others %.2f cores",
					result.get("rate"), result.get("throughput"), result.get("latency.p50"), result.get("latency.p99"),
					result.get("sendLag.p99"), result.get("cpuOthers"));
			case "broadcast" -> String.format(Locale.ROOT,
					"%,.0f deliveries/s  p99 %,.0f µs  slow closed %.0f  server %.2f cores  others %.2f cores",
					result.get("deliveries"), result.get("latency.p99"), result.get("slowClosed"),
					result.values().getOrDefault("serverCores", 0.0), result.get("cpuOthers"));
			case "idle" -> String.format(Locale.ROOT, "%d open  heap %.1f KiB/conn  RSS %.1f KiB/conn  others %.2f cores",
					(long) result.get("open"), result.get("heapPerConnection") / 1024, result.get("rssPerConnection") / 1024,
					result.get("cpuOthers"));
			default -> result.toString();
		};
	}

	String describe() {
		return String.format(Locale.ROOT,
				"%d runs per case and server (A B, B A, A B ...; 2 for idle, %d for the closed-loop 64 B echo, "
						+ "each of whose runs loads both servers in turns of 1 s, A B B A ...) "
						+ "in rounds of fresh server processes, at most %d pairs each, "
						+ "%d s warm-up (%d s on a server warm from the run before), %d s measured (open loop: %d s)%s",
				this.reps, this.reps * ECHO_64_WEIGHT, rounds(this.reps, this.rounds).get(0), this.warmup.toSeconds(),
				this.rewarm.toSeconds(), this.duration.toSeconds(), this.openLoopDuration.toSeconds(),
				this.quick ? " (quick: tiny sizes)" : "");
	}

	/**
	 * Cases measured against the same server processes in each round of runs.
	 *
	 * @param id the case, such as {@code echo-64}
	 * @param jdk the JDK of the server
	 * @param largeMessages whether the baseline needs a text buffer larger than Tomcat's 8 KiB
	 * @param loads the loads, in order, given the figures so far
	 */
	record Group(String id, String jdk, boolean largeMessages, Function<Measurements, List<Load>> loads) {

		static String key(String id, String jdk) {
			return jdk.equals("17") ? id : id + "@" + jdk;
		}

		String key() {
			return key(this.id, this.jdk);
		}

		List<Load> loads(Measurements measurements) {
			return this.loads.apply(measurements);
		}

		List<String> serverArguments(String mode) {
			List<String> arguments = new ArrayList<>();
			if (this.largeMessages && mode.equals(Measurements.BASELINE)) {
				arguments.add("--bench.baseline.text-buffer-size=" + BASELINE_TEXT_BUFFER);
			}
			if (this.id.equals("broadcast-slow")) {
				arguments.add("--bench.tomcat.socket-send-buffer=" + SLOW_CASE_SOCKET_SEND_BUFFER);
			}
			return arguments;
		}

	}

	/**
	 * One run of the load generator.
	 *
	 * @param key the part of the case key, empty when the group has one load
	 * @param mode the load generator's mode
	 * @param arguments its options
	 * @param histogram whether to write a class histogram of the server (idle)
	 */
	record Load(String key, String mode, List<String> arguments, boolean histogram) {

		String caseKey(Group group) {
			return this.key.isEmpty() ? group.key() : group.key() + "/" + this.key;
		}

	}

}
