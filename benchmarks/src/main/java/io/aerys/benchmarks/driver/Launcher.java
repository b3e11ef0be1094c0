package io.aerys.benchmarks.driver;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.aerys.benchmarks.load.Result;
import io.aerys.benchmarks.server.CompilerThreads;

/**
 * Starts the processes of a run on this classpath: the server pinned to core 0 (but for its JIT
 * compiler threads during the warm-up) and the load generator (or JMH) to core 1 when the machine has two, so they
 * never share a core.
 */
final class Launcher {

	/** The same for both servers; the heap is touched up front so that RSS growth is native memory. */
	static final List<String> SERVER_JVM_FLAGS = List.of("-Xms2g", "-Xmx2g", "-XX:+UseG1GC", "-XX:+AlwaysPreTouch");

	static final List<String> CLIENT_JVM_FLAGS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC");

	private final String classpath = System.getProperty("java.class.path");

	private final Path work;

	private final boolean pin;

	private final HttpClient http = HttpClient.newHttpClient();

	Launcher(Path work, boolean pin) throws IOException {
		this.work = Files.createDirectories(work);
		this.pin = pin;
	}

	Path work() {
		return this.work;
	}

	boolean pinned() {
		return this.pin;
	}

	/**
	 * Start a server and wait until it answers.
	 * @param javaHome the JDK to run it on
	 * @param mode {@code starter} or {@code baseline}
	 * @param jvmFlags more JVM flags, such as a flight recording
	 * @param arguments more application arguments
	 * @param name the name of its log file
	 * @return the running server
	 * @throws Exception if it does not start within a minute
	 */
	Server startServer(Path javaHome, String mode, List<String> jvmFlags, List<String> arguments, String name)
			throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		List<String> command = new ArrayList<>(pinned("0"));
		command.add(javaHome.resolve("bin/java").toString());
		command.addAll(SERVER_JVM_FLAGS);
		command.addAll(jvmFlags);
		String extra = System.getenv("BENCH_SERVER_JVM_ARGS");
		if (extra != null && !extra.isBlank()) {
			command.addAll(List.of(extra.replace("{name}", name).trim().split("\\s+")));
		}
		command.addAll(List.of("-cp", this.classpath, "io.aerys.benchmarks.server.BenchmarkServer", "--mode=" + mode,
				"--server.port=" + port));
		command.addAll(arguments);
		Path log = this.work.resolve(name + ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		Server server = new Server(process, port);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("Server exited: see " + log);
			}
			try {
				HttpResponse<String> response = this.http.send(
						HttpRequest.newBuilder(URI.create(server.httpUrl() + "/bench/memory?gc=false"))
							.timeout(Duration.ofSeconds(2))
							.build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					if (this.pin) {
						freeCompilerThreads(process.pid());
					}
					return server;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(200);
		}
		server.stop();
		throw new IllegalStateException("Server did not start within a minute: see " + log);
	}

	/**
	 * Let the server's JIT compiler threads run on every core, its other threads staying on
	 * core 0. On one core busy with a hundred container threads, the one C2 compiler thread gets a
	 * hundredth of it: at 16 KiB the starter's hot path still waited in its queue after 45 s, running
	 * C1 code ({@code jcmd Compiler.queue}), while the baseline's shorter path had been compiled.
	 * The compiler's CPU counts as the server's, and it rests before the measurement starts; the
	 * load generator has the server pin the compiler threads back to core 0 when its warm-up ends.
	 * @param pid the server's process
	 * @throws Exception if {@code taskset} fails
	 */
	private static void freeCompilerThreads(long pid) throws Exception {
		CompilerThreads.setCores(Long.toString(pid), "0-" + (Runtime.getRuntime().availableProcessors() - 1));
	}

	/**
	 * Run a Java main of this classpath on the client core and read its {@code RESULT} line.
	 * @param javaHome the JDK
	 * @param mainClass the main class
	 * @param arguments its arguments
	 * @param name the name of its log file
	 * @param servers the servers it loads, whose CPU time is not counted as others'
	 * @return what it printed, with {@code cpuOthers}: the CPU (in cores) that processes other
	 * than this one and the servers used meanwhile
	 * @throws Exception if it fails or prints no result
	 */
	Result runClient(Path javaHome, String mainClass, List<String> arguments, String name, List<Server> servers)
			throws Exception {
		List<String> command = new ArrayList<>(pinned("1"));
		command.add(javaHome.resolve("bin/java").toString());
		command.addAll(CLIENT_JVM_FLAGS);
		command.addAll(List.of("-cp", this.classpath, mainClass));
		command.addAll(arguments);
		Path log = this.work.resolve(name + ".log");
		double busyBefore = Machine.busyCpuSeconds();
		double serverBefore = cpuSeconds(servers);
		long started = System.nanoTime();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(15, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException("Client did not finish: see " + log);
		}
		double wall = (System.nanoTime() - started) / 1e9;
		double busy = Machine.busyCpuSeconds() - busyBefore;
		double serverCpu = cpuSeconds(servers) - serverBefore;
		List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
		for (int i = output.size() - 1; i >= 0; i--) {
			if (output.get(i).startsWith(Result.PREFIX)) {
				Result result = Result.parse(output.get(i));
				double client = result.values().getOrDefault("clientCpuSeconds", 0.0);
				result.put("cpuOthers", Math.max(0, busy - serverCpu - client) / wall);
				result.put("serverCpuSeconds", serverCpu);
				return result;
			}
		}
		throw new IllegalStateException("Client printed no result (exit " + process.exitValue() + "): see " + log);
	}

	private static double cpuSeconds(List<Server> servers) {
		return servers.stream().mapToDouble(Server::cpuSeconds).sum();
	}

	private List<String> pinned(String core) {
		return this.pin ? List.of("taskset", "-c", core) : List.of();
	}

	/**
	 * A running server process.
	 */
	static final class Server {

		private final Process process;

		private final int port;

		Server(Process process, int port) {
			this.process = process;
			this.port = port;
		}

		String wsUrl() {
			return "ws://127.0.0.1:" + this.port;
		}

		String httpUrl() {
			return "http://127.0.0.1:" + this.port;
		}

		double cpuSeconds() {
			return this.process.info().totalCpuDuration().map((duration) -> duration.toNanos() / 1e9).orElse(0.0);
		}

		void stop() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}

	}

}
