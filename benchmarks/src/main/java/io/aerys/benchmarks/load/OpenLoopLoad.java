package io.aerys.benchmarks.load;

import java.net.URI;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import org.HdrHistogram.Histogram;

/**
 * Open-loop echo: messages go out at a fixed total rate, round robin over the connections, whether
 * or not the echoes keep up. Latency runs from the time each message was meant to be sent, so a
 * server (or client) that falls behind is charged for the whole wait: no coordinated omission.
 * The pacer runs every 20 µs on a busy-polling event loop, which has its own core.
 */
final class OpenLoopLoad implements Client.Listener {

	private final Histogram latency = Result.newLatencyHistogram();

	/** How late messages left the client: the part of the latency that is the client's own. */
	private final Histogram sendLag = Result.newLatencyHistogram();

	private final ByteBuf payload;

	private final double rate;

	private List<Connection> connections;

	private EventLoop loop;

	private ScheduledFuture<?> pacer;

	private long start;

	private long sent;

	private volatile boolean stopping;

	private long windowStart = Long.MAX_VALUE;

	private long windowEnd = Long.MAX_VALUE;

	private long messages;

	private long outstanding;

	OpenLoopLoad(int size, double rate) {
		this.payload = Client.payload(size);
		this.rate = rate;
	}

	Result run(Options options) throws Exception {
		URI uri = URI.create(options.get("url", "ws://127.0.0.1:8080") + "/echo");
		int connectionCount = options.getInt("connections", 100);
		try (Client client = new Client(true)) {
			this.connections = client.connect(uri, connectionCount, options.getInt("source-addresses", 0), this);
			this.loop = client.loop();
			Phases phases = new Phases(this.loop, options);
			phases.onLoop(() -> {
				this.start = System.nanoTime();
				this.pacer = this.loop.scheduleAtFixedRate(this::tick, 0, 20, TimeUnit.MICROSECONDS);
				return null;
			});
			phases.run(() -> {
				this.windowStart = System.nanoTime();
				this.latency.reset();
				this.sendLag.reset();
			}, () -> {
				this.windowEnd = phases.measureEnd();
				this.stopping = true;
				for (Connection connection : this.connections) {
					this.outstanding += connection.pending.size();
				}
			});
			phases.awaitZero(() -> this.outstanding);
			Result result = phases.onLoop(() -> {
				long now = System.nanoTime();
				long unanswered = 0;
				for (Connection connection : this.connections) {
					while (connection.pending.size() > 0) {
						long intended = connection.pending.poll();
						if (intended >= this.windowStart && intended < this.windowEnd) {
							this.latency.recordValue(now - intended);
							unanswered++;
						}
					}
				}
				double seconds = (this.windowEnd - this.windowStart) / 1e9;
				return phases.putServerCpu(new Result(), this.messages)
					.put("connections", connectionCount)
					.put("size", this.payload.readableBytes())
					.put("rate", this.rate)
					.put("seconds", seconds)
					.put("throughput", this.messages / seconds)
					.put("unanswered", unanswered)
					.putLatency("latency", this.latency)
					.putLatency("sendLag", this.sendLag);
			});
			client.closeAll(this.connections);
			return result;
		}
	}

	private void tick() {
		if (this.stopping) {
			this.pacer.cancel(false);
			return;
		}
		long now = System.nanoTime();
		// Message i is meant to leave at start + i / rate: those up to now are due.
		long due = (long) ((now - this.start) * this.rate / 1e9) + 1;
		int count = this.connections.size();
		long first = this.sent;
		while (this.sent < due) {
			long intended = this.start + (long) (this.sent * 1e9 / this.rate);
			Connection connection = this.connections.get((int) (this.sent % count));
			connection.pending.add(intended);
			connection.send(this.payload);
			if (intended >= this.windowStart) {
				this.sendLag.recordValue(Math.max(0, now - intended));
			}
			this.sent++;
		}
		long written = this.sent - first;
		for (long i = 0; i < Math.min(written, count); i++) {
			this.connections.get((int) ((first + i) % count)).flush();
		}
	}

	@Override
	public void message(Connection connection, int bytes) {
		long intended = connection.pending.poll();
		if (intended >= this.windowStart && intended < this.windowEnd) {
			this.latency.recordValue(System.nanoTime() - intended);
			this.messages++;
		}
		if (this.stopping) {
			this.outstanding--;
		}
	}

}
