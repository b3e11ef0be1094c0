package io.aerys.benchmarks.load;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;

/**
 * Warm-up then measurement, switched on the event loop so that the load sees one consistent
 * state. The warm-up lasts at least {@code --warmup}, then, up to {@code --warmup-max} (by
 * default no longer), until the server's JIT compile queues are empty at {@value #JIT_REST_CHECKS}
 * looks in a row, {@value #JIT_CHECK_MILLIS} ms apart; the server is asked from the start. A
 * server pinned to one core busy with a hundred container threads gives its one C2 compiler thread
 * a hundredth of it: methods wait in the queue for minutes, the more of them the longer, and a
 * fixed warm-up would measure one server's C1 code against the other's C2 code. The compiler threads, which the driver lets run on
 * the load generator's core too, are pinned back to the server's core for the measurement.
 */
final class Phases {

	private static final long JIT_CHECK_MILLIS = 500;

	private static final int JIT_REST_CHECKS = 3;

	private final EventLoop loop;

	private final Duration warmup;

	private final Duration warmupMax;

	private double warmedUp;

	private final Duration duration;

	private boolean measuring;

	private long measureStart;

	private long measureEnd;

	/** The servers under load: the first one's CPU is measured around the window. */
	private final List<ServerCpu> servers;

	/** What the first server used during the measurement. */
	private final ServerCpu.Use serverUse = new ServerCpu.Use();

	Phases(EventLoop loop, Options options) {
		this(loop, options, List.of(new ServerCpu(options)));
	}

	/**
	 * Create the phases of a load on one or more servers at once, which share the server core
	 * during the warm-up: the warm-up (and its maximum) lasts that many times {@code --warmup},
	 * so that each server gets as much of the core as one alone would.
	 * @param loop the load's event loop
	 * @param options the load's options
	 * @param servers the servers, the first one measured by {@link #run}
	 */
	Phases(EventLoop loop, Options options, List<ServerCpu> servers) {
		this.loop = loop;
		Duration warmup = options.getDuration("warmup", Duration.ofSeconds(5));
		this.warmup = warmup.multipliedBy(servers.size());
		this.warmupMax = options.getDuration("warmup-max", warmup).multipliedBy(servers.size());
		this.duration = options.getDuration("duration", Duration.ofSeconds(10));
		this.servers = servers;
	}

	/**
	 * Run the warm-up and the measurement from the calling thread, blocking until both are over.
	 * @param reset run on the event loop when the measurement starts
	 * @throws Exception if the event loop fails
	 */
	void run(Runnable reset) throws Exception {
		run(reset, () -> {
		});
	}

	/**
	 * Run the warm-up and the measurement from the calling thread, blocking until both are over.
	 * @param reset run on the event loop when the measurement starts
	 * @param end run on the event loop when it ends
	 * @throws Exception if the event loop fails
	 */
	void run(Runnable reset, Runnable end) throws Exception {
		warmUp();
		double[] serverAtStart = this.servers.get(0).read();
		onLoop(() -> {
			reset.run();
			this.measureStart = System.nanoTime();
			this.measuring = true;
			return null;
		});
		Thread.sleep(this.duration.toMillis());
		onLoop(() -> {
			this.measuring = false;
			this.measureEnd = System.nanoTime();
			end.run();
			return null;
		});
		this.serverUse.add(serverAtStart, this.servers.get(0).read());
	}

	/**
	 * Warm up, blocking until the servers have had the warm-up and their JIT rests, then pin their
	 * compiler threads back to their own cores.
	 * @throws InterruptedException if interrupted
	 */
	void warmUp() throws InterruptedException {
		long start = System.nanoTime();
		int empty = 0;
		while (true) {
			// The server's pages go through Tomcat's HTTP path, which the load never takes: asked from the
			// start, that path is compiled with the rest, instead of deoptimizing Tomcat's connection
			// handling (and compiling it again) when the measurement starts.
			double waiting = jitQueue();
			long elapsed = System.nanoTime() - start;
			empty = (waiting == 0) ? empty + 1 : 0;
			if (elapsed >= this.warmup.toNanos()
					&& (waiting < 0 || empty >= JIT_REST_CHECKS || elapsed >= this.warmupMax.toNanos())) {
				break;
			}
			long untilWarm = (this.warmup.toNanos() - elapsed) / 1_000_000;
			Thread.sleep((untilWarm > 0) ? Math.min(untilWarm, JIT_CHECK_MILLIS) : JIT_CHECK_MILLIS);
		}
		this.warmedUp = (System.nanoTime() - start) / 1e9;
		this.servers.forEach(ServerCpu::pinCompilerThreads);
	}

	/**
	 * Return how many methods wait for the servers' JIT compilers, asking their CPU page too.
	 * @return the count, or -1 if a server cannot tell
	 */
	private double jitQueue() {
		double waiting = 0;
		for (ServerCpu server : this.servers) {
			double queue = server.jitQueue();
			server.read();
			waiting = (waiting < 0 || queue < 0) ? -1 : waiting + queue;
		}
		return waiting;
	}

	/**
	 * Add what the server used during the measurement: CPU in cores and in microseconds per
	 * message, and bytes allocated per message.
	 * @param result the result
	 * @param messages the messages handled during the measurement
	 * @return the result
	 */
	Result putServerCpu(Result result, long messages) {
		return this.serverUse.put(result, messages, seconds()).put("warmupSeconds", this.warmedUp);
	}

	double warmupSeconds() {
		return this.warmedUp;
	}

	/**
	 * Wait, off the event loop, until a count read on it is zero, at most 10 s: for the messages
	 * still in flight once a load stops sending.
	 * @param count the count, read on the event loop
	 * @throws Exception if the event loop fails
	 */
	void awaitZero(Callable<? extends Number> count) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline && onLoop(count).longValue() > 0) {
			Thread.sleep(1);
		}
	}

	<T> T onLoop(Callable<T> task) throws Exception {
		return this.loop.submit(task).get(30, TimeUnit.SECONDS);
	}

	boolean measuring() {
		return this.measuring;
	}

	long measureEnd() {
		return this.measureEnd;
	}

	double seconds() {
		return (this.measureEnd - this.measureStart) / 1e9;
	}

}
