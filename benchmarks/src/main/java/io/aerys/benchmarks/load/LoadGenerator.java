package io.aerys.benchmarks.load;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The load generator: {@code echo}, {@code open}, {@code broadcast} or {@code idle}, then options
 * {@code --name=value}. Prints one {@code RESULT} line.
 *
 * <pre>
 * echo      --url=ws://127.0.0.1:8080 --connections=100 --in-flight=1 --size=64 --warmup=5s --duration=10s
 *           [--versus=ws://127.0.0.1:8081 --burst=1s]   (both servers in turns of 1 s, A B B A ...)
 * open      --url=... --connections=100 --rate=40000 --size=64 --warmup=5s --duration=10s
 * broadcast --url=... --receivers=1000 --slow=0 --window=16 --size=64 --warmup=5s --duration=10s
 * idle      --url=... --connections=10000 --source-addresses=8 [--histogram=FILE]
 * </pre>
 */
public final class LoadGenerator {

	private LoadGenerator() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 0) {
			throw new IllegalArgumentException("Usage: LoadGenerator echo|open|broadcast|idle --name=value...");
		}
		Result result = run(args[0], Options.parse(Arrays.copyOfRange(args, 1, args.length)));
		// The client's own CPU time, to tell how busy the machine was besides the server.
		result.put("clientCpuSeconds",
				((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()
						/ 1e9);
		System.out.println(result.toLine());
		System.exit(0);
	}

	/**
	 * Run one load.
	 * @param mode {@code echo}, {@code open}, {@code broadcast} or {@code idle}
	 * @param options its options
	 * @return the figures
	 * @throws Exception if the load cannot run
	 */
	public static Result run(String mode, Options options) throws Exception {
		int size = options.getInt("size", 64);
		return switch (mode) {
			case "echo" -> new EchoLoad(size, options.getInt("in-flight", 1)).run(options);
			case "open" -> new OpenLoopLoad(size, options.getDouble("rate", 10_000)).run(options);
			case "broadcast" -> new BroadcastLoad(size, options.getInt("window", 16)).run(options);
			case "idle" -> new IdleLoad().run(options);
			default -> throw new IllegalArgumentException("Unknown mode " + mode);
		};
	}

}
