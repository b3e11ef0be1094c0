package io.aerys.benchmarks.load;

import java.net.URI;
import java.util.List;

import io.netty.buffer.ByteBuf;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop echo: each of C connections keeps W messages of S bytes in flight, sending the next
 * one when an echo comes back. Latency runs from the send to the echo.
 */
final class EchoLoad implements Client.Listener {

	private final Histogram latency = Result.newLatencyHistogram();

	private final ByteBuf payload;

	private final int inFlight;

	private Phases phases;

	private volatile boolean stopping;

	private long messages;

	private long bytes;

	EchoLoad(int size, int inFlight) {
		this.payload = Client.payload(size);
		this.inFlight = inFlight;
	}

	Result run(Options options) throws Exception {
		URI uri = URI.create(options.get("url", "ws://127.0.0.1:8080") + "/echo");
		int connectionCount = options.getInt("connections", 100);
		try (Client client = new Client()) {
			List<Connection> connections = client.connect(uri, connectionCount, options.getInt("source-addresses", 0),
					this);
			this.phases = new Phases(client.loop(), options);
			this.phases.onLoop(() -> {
				for (Connection connection : connections) {
					for (int i = 0; i < this.inFlight; i++) {
						connection.pending.add(System.nanoTime());
						connection.send(this.payload);
					}
					connection.flush();
				}
				return null;
			});
			this.phases.run(() -> {
				this.latency.reset();
				this.messages = 0;
				this.bytes = 0;
			});
			this.stopping = true;
			Result result = this.phases.onLoop(() -> this.phases.putServerCpu(new Result(), this.messages)
				.put("connections", connectionCount)
				.put("inFlight", this.inFlight)
				.put("size", this.payload.readableBytes())
				.put("seconds", this.phases.seconds())
				.put("throughput", this.messages / this.phases.seconds())
				.put("mibPerSecond", this.bytes / this.phases.seconds() / (1 << 20))
				.put("closed", connections.stream().filter((connection) -> connection.closed).count())
				.putLatency("latency", this.latency));
			client.closeAll(connections);
			return result;
		}
	}

	@Override
	public void message(Connection connection, int bytes) {
		long now = System.nanoTime();
		long sentAt = connection.pending.poll();
		if (this.phases.measuring()) {
			this.latency.recordValue(now - sentAt);
			this.messages++;
			this.bytes += this.payload.readableBytes();
		}
		if (!this.stopping) {
			connection.pending.add(now);
			connection.sendNow(this.payload);
		}
	}

}
