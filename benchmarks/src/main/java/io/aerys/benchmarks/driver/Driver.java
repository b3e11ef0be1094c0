package io.aerys.benchmarks.driver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.aerys.benchmarks.load.Options;
import io.aerys.benchmarks.load.Result;
import org.jspecify.annotations.Nullable;

/**
 * Runs the benchmark suite: each case against the starter and the baseline server alternately
 * (A B B A ..., in rounds of a fresh process of each server per case, server and load generator on
 * cores of their own; the closed-loop 64 B echo in turns of a second within each run), then the
 * flight-recorded 16 KiB echo and the JMH dispatch benchmark, and writes {@code BENCHMARKS.md}.
 * <p>
 * Options: {@code --cases=echo-64,echo-16k,open-64,broadcast-1000,broadcast-slow,idle,profile,jdk25,jmh}
 * (default all; {@code jdk25} repeats on JDK 25 the echo cases named with it, or all three when none is),
 * {@code --reps=6}, {@code --rounds=2}, {@code --warmup=30s}, {@code --rewarm=5s}, {@code --duration=8s},
 * {@code --open-duration=30s},
 * {@code --jdk25=JAVA_HOME} (default: environment variable {@code BENCH_JDK25_HOME}; JDK 25 cases
 * are skipped without it), {@code --out=BENCHMARKS.md}, {@code --work=benchmarks/target/bench-runs},
 * {@code --quick} (tiny sizes, to check that everything runs).
 */
public final class Driver {

	private static final List<String> MODES = List.of(Measurements.STARTER, Measurements.BASELINE);

	static final List<String> ALL_CASES = List.of("echo-64", "echo-16k", "open-64", "broadcast-1000",
			"broadcast-slow", "idle", "profile", "jdk25", "jmh");

	private final Options options;

	private final Suite suite;

	private final Launcher launcher;

	private final Measurements measurements = new Measurements();

	private final Map<String, Profile> profiles = new LinkedHashMap<>();

	private final Map<String, String> histograms = new LinkedHashMap<>();

	private final Map<String, Result> jmh = new LinkedHashMap<>();

	private final Map<String, String> jdkVersions = new LinkedHashMap<>();

	private final List<Double> others = new ArrayList<>();

	private final Path jdk17 = Path.of(System.getProperty("java.home"));

	private final @Nullable Path jdk25;

	private Driver(Options options) throws Exception {
		this.options = options;
		this.suite = new Suite(options);
		this.launcher = new Launcher(Path.of(options.get("work", "benchmarks/target/bench-runs")), Machine.canPin());
		String jdk25 = options.get("jdk25", System.getenv().getOrDefault("BENCH_JDK25_HOME", ""));
		this.jdk25 = jdk25.isEmpty() ? null : Path.of(jdk25);
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		Driver driver = new Driver(options);
		long started = System.nanoTime();
		double loadBefore = Machine.loadAverage();
		driver.run();
		Report report = new Report(driver.measurements, driver.profiles, driver.histograms, driver.jmh);
		String command = "benchmarks/run.sh" + (args.length > 0 ? " " + String.join(" ", redacted(args)) : "");
		Report.Context context = new Report.Context(Machine.describe(), driver.jdkVersions, command,
				driver.launcher.pinned(), Duration.ofNanos(System.nanoTime() - started), loadBefore,
				Machine.loadAverage(), driver.others, driver.suite.describe());
		Path out = Path.of(options.get("out", "BENCHMARKS.md"));
		String previous = Files.exists(out) ? Files.readString(out) : "";
		Files.writeString(out, report.render(context, previous));
		System.out.println();
		System.out.println(report.table());
		System.out.println("Written to " + out);
		System.exit(0);
	}

	/** Paths given on the command line are this machine's own: keep them out of the report. */
	private static List<String> redacted(String[] args) {
		List<String> redacted = new ArrayList<>();
		for (String arg : args) {
			redacted.add(arg.startsWith("--jdk25=") ? "--jdk25=$BENCH_JDK25_HOME"
					: arg.startsWith("--work=") || arg.startsWith("--out=") ? arg.replaceAll("=.*/", "=.../") : arg);
		}
		return redacted;
	}

	private void run() throws Exception {
		Set<String> cases = Set.of(this.options.get("cases", String.join(",", ALL_CASES)).split(","));
		log("Machine: " + Machine.describe()
				+ (this.launcher.pinned() ? "; server on core 0, client on core 1" : "; not pinned"));
		this.jdkVersions.put("17", version(this.jdk17));
		boolean jdk25 = cases.contains("jdk25") && this.jdk25 != null;
		if (cases.contains("jdk25") && this.jdk25 == null) {
			log("No JDK 25: set BENCH_JDK25_HOME or --jdk25 to run the JDK 25 cases");
		}
		if (jdk25) {
			this.jdkVersions.put("25", version(this.jdk25));
		}
		for (Suite.Group group : this.suite.groups(cases, jdk25)) {
			runGroup(group);
		}
		if (cases.contains("profile")) {
			profile();
		}
		if (cases.contains("jmh")) {
			this.jmh.put("17", this.launcher.runClient(this.jdk17, "io.aerys.benchmarks.jmh.DispatchBenchmarks",
					this.suite.jmhArguments(), "jmh-17", List.of()));
			log("JMH on JDK 17: " + this.jmh.get("17"));
			if (this.jdk25 != null) {
				this.jmh.put("25", this.launcher.runClient(this.jdk25, "io.aerys.benchmarks.jmh.DispatchBenchmarks",
						this.suite.jmhArguments(), "jmh-25", List.of()));
				log("JMH on JDK 25: " + this.jmh.get("25"));
			}
		}
	}

	/**
	 * Run a case in rounds: each round starts a fresh starter and a fresh baseline server and loads
	 * them in turns, the other one idle, so that the runs of a pair are seconds apart. This host
	 * switches between a fast and a slow state for minutes at a time; with a fresh process per
	 * run, the two runs of a pair lay more than a minute apart and often fell on either side of a
	 * switch. More than one round keeps the outcome of one JIT from deciding a case.
	 */
	private void runGroup(Suite.Group group) throws Exception {
		Path javaHome = group.jdk().equals("25") ? this.jdk25 : this.jdk17;
		int reps = this.suite.reps(group);
		int rep = 0;
		List<Integer> rounds = this.suite.rounds(group);
		for (int round = 1; round <= rounds.size(); round++) {
			Map<String, Launcher.Server> servers = new LinkedHashMap<>();
			try {
				for (String mode : MODES) {
					servers.put(mode, this.launcher.startServer(javaHome, mode, List.of(), group.serverArguments(mode),
							group.key() + "-" + mode + "-round" + round + "-server"));
				}
				for (int pair = 0; pair < rounds.get(round - 1); pair++) {
					rep++;
					for (List<String> modes : Suite.runs(group, Suite.order(rep, MODES))) {
						runLoads(group, modes, servers, rep, reps, pair > 0);
					}
				}
			}
			finally {
				for (Launcher.Server server : servers.values()) {
					server.stop();
				}
			}
		}
	}

	/**
	 * Run a group's loads on one server, or on two at once (the load generator then measures
	 * them in turns), and record each server's figures.
	 * @param group the case
	 * @param modes the server, or both in the order the load takes them
	 * @param servers the round's servers by mode
	 * @param rep the pair of runs, from 1 over the case's rounds
	 * @param reps how many pairs the case gets
	 * @param warm whether the servers have run the case already
	 * @throws Exception if a load fails
	 */
	private void runLoads(Suite.Group group, List<String> modes, Map<String, Launcher.Server> servers, int rep,
			int reps, boolean warm) throws Exception {
		String mode = modes.get(0);
		String name = group.key() + "-" + String.join("-", modes) + "-" + rep;
		for (Suite.Load load : group.loads(this.measurements)) {
			List<String> arguments = new ArrayList<>();
			arguments.add(load.mode());
			arguments.add("--url=" + servers.get(mode).wsUrl());
			if (modes.size() > 1) {
				arguments.add("--versus=" + servers.get(modes.get(1)).wsUrl());
			}
			arguments.addAll(this.suite.arguments(load, warm));
			if (load.histogram() && rep == 1) {
				Path histogram = this.launcher.work().resolve(name + "-histogram.md");
				arguments.add("--histogram=" + histogram);
			}
			Result result = this.launcher.runClient(this.jdk17, "io.aerys.benchmarks.load.LoadGenerator", arguments,
					name + "-" + load.key(), modes.stream().map(servers::get).toList());
			if (load.histogram() && rep == 1) {
				this.histograms.put(mode, Files.readString(this.launcher.work().resolve(name + "-histogram.md")));
			}
			this.others.add(result.get("cpuOthers"));
			List<Result> results = result.split();
			for (int i = 0; i < modes.size(); i++) {
				this.measurements.add(load.caseKey(group), modes.get(i), results.get(i));
				log(String.format(Locale.ROOT, "%-22s %d/%d %-8s %s", load.caseKey(group), rep, reps, modes.get(i),
						Suite.headline(load.mode(), results.get(i))));
			}
		}
		for (String each : modes) {
			Suite.derive(group, this.measurements, each);
		}
	}

	private void profile() throws Exception {
		Path settings = this.launcher.work().resolve("profile.jfc").toAbsolutePath();
		try (var in = Driver.class.getResourceAsStream("profile.jfc")) {
			Files.write(settings, in.readAllBytes());
		}
		for (String mode : MODES) {
			Path recording = this.launcher.work().resolve("profile-" + mode + ".jfr").toAbsolutePath();
			Suite.Group group = this.suite.profileGroup();
			Launcher.Server server = this.launcher.startServer(this.jdk17, mode,
					List.of("-XX:StartFlightRecording=dumponexit=true,settings=" + settings
							+ ",filename=" + recording),
					group.serverArguments(mode), "profile-" + mode + "-server");
			try {
				Suite.Load load = group.loads(this.measurements).get(0);
				List<String> arguments = new ArrayList<>(List.of(load.mode(), "--url=" + server.wsUrl()));
				arguments.addAll(load.arguments());
				Result result = this.launcher.runClient(this.jdk17, "io.aerys.benchmarks.load.LoadGenerator", arguments,
						"profile-" + mode, List.of(server));
				this.measurements.add("profile-16k", mode, result);
				log("profile-16k " + mode + " " + Suite.headline(load.mode(), result));
			}
			finally {
				server.stop();
			}
			this.profiles.put(mode, Profile.of(recording));
		}
	}

	private String version(Path javaHome) throws Exception {
		Process process = new ProcessBuilder(javaHome.resolve("bin/java").toString(), "-version").redirectErrorStream(true)
			.start();
		List<String> lines = new String(process.getInputStream().readAllBytes()).lines().toList();
		process.waitFor();
		return (lines.size() > 1) ? lines.get(1).trim() : String.join(" ", lines);
	}

	static void log(String message) {
		System.out.println("[" + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
	}

}
