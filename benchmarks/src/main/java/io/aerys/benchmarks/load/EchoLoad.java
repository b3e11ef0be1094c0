package io.aerys.benchmarks.load;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.netty.buffer.ByteBuf;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop echo: each of C connections keeps W messages of S bytes in flight, sending the next
 * one when an echo comes back. Latency runs from the send to the echo.
 * <p>
 * With {@code --versus=URL}, the load holds C connections to each of two servers and measures
 * them in turns of {@code --burst} (default 1 s), A B B A A B ..., each server idle while the
 * other is loaded, until each has had {@code --duration}: both meet the host in the same states,
 * second by second. The second server's figures are prefixed {@value Result#SECOND}.
 */
final class EchoLoad {

	private final ByteBuf payload;

	private final int inFlight;

	EchoLoad(int size, int inFlight) {
		this.payload = Client.payload(size);
		this.inFlight = inFlight;
	}

	Result run(Options options) throws Exception {
		return options.has("versus") ? runInterleaved(options) : runAlone(options);
	}

	private Result runAlone(Options options) throws Exception {
		try (Client client = new Client()) {
			Echoes echoes = connect(client, options, options.get("url", "ws://127.0.0.1:8080"));
			Phases phases = new Phases(client.loop(), options);
			phases.onLoop(echoes::start);
			phases.run(() -> echoes.count(true), () -> echoes.count(false));
			Result result = phases.onLoop(() -> {
				echoes.stop();
				echoes.seconds = phases.seconds();
				return phases.putServerCpu(echoes.figures(), echoes.messages);
			});
			client.closeAll(echoes.connections);
			return result;
		}
	}

	private Result runInterleaved(Options options) throws Exception {
		Duration burst = options.getDuration("burst", Duration.ofSeconds(1));
		Duration duration = options.getDuration("duration", Duration.ofSeconds(10));
		int bursts = (int) Math.max(1, Math.round(duration.toNanos() / (double) burst.toNanos()));
		try (Client client = new Client()) {
			List<Echoes> servers = List.of(connect(client, options, options.get("url", "ws://127.0.0.1:8080")),
					connect(client, options, options.get("versus", "")));
			Phases phases = new Phases(client.loop(), options, servers.stream().map((echoes) -> echoes.server).toList());
			// Both at once, each on half the server core: the warm-up lasts twice as long.
			phases.onLoop(() -> {
				servers.forEach(Echoes::start);
				return null;
			});
			phases.warmUp();
			phases.onLoop(() -> {
				servers.forEach(Echoes::stop);
				return null;
			});
			for (Echoes echoes : servers) {
				phases.awaitZero(echoes::inFlight);
			}
			for (int turn = 0; turn < 2 * bursts; turn++) {
				Echoes echoes = servers.get(turnOf(turn));
				echoes.burst(phases, burst, turn);
			}
			// The warm-up is the run's, so Result.split gives it to both.
			Result result = servers.get(0).figures()
				.putAll(Result.SECOND, servers.get(1).figures())
				.put("warmupSeconds", phases.warmupSeconds());
			for (Echoes echoes : servers) {
				client.closeAll(echoes.connections);
			}
			return result;
		}
	}

	/**
	 * Return which server has a turn: A B B A, then again, so that each goes first in every
	 * other pair of turns and neither always follows the other.
	 * @param turn the turn, from 0
	 * @return 0 for the first server, 1 for the second
	 */
	static int turnOf(int turn) {
		return ((turn % 4 == 0) || (turn % 4 == 3)) ? 0 : 1;
	}

	private Echoes connect(Client client, Options options, String url) throws Exception {
		Echoes echoes = new Echoes(url, options.getInt("connections", 100));
		echoes.connections = client.connect(URI.create(url + "/echo"), echoes.connectionCount,
				options.getInt("source-addresses", 0), echoes);
		return echoes;
	}

	/**
	 * The echoes of one server's connections, and their figures. Used on the event loop but for
	 * {@link #burst}.
	 */
	private final class Echoes implements Client.Listener {

		private final Histogram latency = Result.newLatencyHistogram();

		private final String url;

		private final ServerCpu server;

		private final int connectionCount;

		private List<Connection> connections = List.of();

		private boolean sending;

		private boolean counting;

		private long messages;

		/** The seconds counted: the measured window, or the bursts together. */
		private double seconds;

		/** What the server used over the bursts. */
		private final ServerCpu.Use use = new ServerCpu.Use();

		Echoes(String url, int connectionCount) {
			this.url = url;
			this.server = new ServerCpu(url);
			this.connectionCount = connectionCount;
		}

		/** Put W messages in flight on every connection; on the event loop. */
		Void start() {
			this.sending = true;
			for (Connection connection : this.connections) {
				for (int i = 0; i < EchoLoad.this.inFlight; i++) {
					connection.pending.add(System.nanoTime());
					connection.send(EchoLoad.this.payload);
				}
				connection.flush();
			}
			return null;
		}

		/** Count the echoes from now on, or no longer; on the event loop. */
		void count(boolean counting) {
			this.counting = counting;
		}

		/** Send no more; the messages in flight still come back. On the event loop. */
		void stop() {
			this.sending = false;
		}

		/**
		 * Load the server for one burst and count its echoes, then let its messages in flight
		 * come back and read the CPU it used, from before the burst to after them.
		 */
		void burst(Phases phases, Duration burst, int turn) throws Exception {
			double[] before = this.server.read();
			long[] window = new long[2];
			long messagesBefore = this.messages;
			phases.onLoop(() -> {
				window[0] = System.nanoTime();
				count(true);
				return start();
			});
			Thread.sleep(burst.toMillis());
			phases.onLoop(() -> {
				stop();
				count(false);
				window[1] = System.nanoTime();
				return null;
			});
			phases.awaitZero(this::inFlight);
			double cpu = this.use.add(before, this.server.read());
			double seconds = (window[1] - window[0]) / 1e9;
			this.seconds += seconds;
			long messages = this.messages - messagesBefore;
			System.out.printf(Locale.ROOT, "BURST %d %s %.3f s %d msg %.0f msg/s %.2f µs CPU/msg%n", turn,
					this.url, seconds, messages, messages / seconds, (messages > 0) ? cpu * 1e6 / messages : 0);
		}

		/** Return the messages in flight on the open connections; on the event loop. */
		int inFlight() {
			int inFlight = 0;
			for (Connection connection : this.connections) {
				inFlight += connection.closed ? 0 : connection.pending.size();
			}
			return inFlight;
		}

		/**
		 * Return the figures counted: over the measured window, or over the bursts with the
		 * server's CPU.
		 * @return the figures
		 */
		Result figures() {
			Result result = new Result().put("connections", this.connectionCount)
				.put("inFlight", EchoLoad.this.inFlight)
				.put("size", EchoLoad.this.payload.readableBytes())
				.put("closed", this.connections.stream().filter((connection) -> connection.closed).count())
				.putLatency("latency", this.latency);
			if (this.seconds > 0) {
				result.put("seconds", this.seconds)
					.put("throughput", this.messages / this.seconds)
					.put("mibPerSecond", this.messages * EchoLoad.this.payload.readableBytes() / this.seconds / (1 << 20));
				this.use.put(result, this.messages, this.seconds);
			}
			return result;
		}

		@Override
		public void message(Connection connection, int bytes) {
			long now = System.nanoTime();
			long sentAt = connection.pending.poll();
			if (this.counting) {
				this.latency.recordValue(now - sentAt);
				this.messages++;
			}
			if (this.sending) {
				connection.pending.add(now);
				connection.sendNow(EchoLoad.this.payload);
			}
		}

	}

}
