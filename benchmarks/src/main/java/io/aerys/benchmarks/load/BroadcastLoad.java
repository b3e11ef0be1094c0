package io.aerys.benchmarks.load;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import org.HdrHistogram.Histogram;

/**
 * Broadcast: one sender and C receivers (plus K that never read) on the broadcast endpoint. The
 * server sends every message of the sender to every client. The sender keeps W broadcasts in
 * flight: a broadcast is done when every receiver still connected has it. Receivers get
 * broadcasts in order, so each one's n-th message is broadcast n.
 */
final class BroadcastLoad implements Client.Listener {

	private static final int RING = 1 << 12;

	private final Histogram deliveryLatency = Result.newLatencyHistogram();

	private final long[] sentAt = new long[RING];

	private final int[] remaining = new int[RING];

	private final ByteBuf payload;

	private final int window;

	private Phases phases;

	private Connection sender;

	private int receiverCount;

	private int aliveReceivers;

	private int slowClosed;

	private int receiversClosed;

	private long nextBroadcast;

	private long completedBroadcasts;

	private long deliveries;

	private long broadcasts;

	private boolean stopping;

	BroadcastLoad(int size, int window) {
		if (window > RING) {
			throw new IllegalArgumentException("At most " + RING + " broadcasts in flight");
		}
		this.payload = Client.payload(size);
		this.window = window;
	}

	Result run(Options options) throws Exception {
		URI uri = URI.create(options.get("url", "ws://127.0.0.1:8080") + "/broadcast");
		this.receiverCount = options.getInt("receivers", 100);
		int slowCount = options.getInt("slow", 0);
		int sourceAddresses = options.getInt("source-addresses", 0);
		try (Client client = new Client()) {
			List<Connection> receivers = client.connect(uri, this.receiverCount, sourceAddresses, this);
			this.aliveReceivers = this.receiverCount;
			// As a client on a slow link: a small receive window, so the server's socket fills in a
			// fraction of a second (not after megabytes of loopback buffers) and then stays full.
			List<Connection> slow = client.connect(uri, slowCount, sourceAddresses, 8192, new Client.Listener() {
				@Override
				public void message(Connection connection, int bytes) {
				}

				@Override
				public void closed(Connection connection) {
					BroadcastLoad.this.slowClosed++;
				}
			});
			for (Connection connection : slow) {
				connection.channel.config().setAutoRead(false);
			}
			this.sender = client.connect(uri, 1, sourceAddresses, new Client.Listener() {
				@Override
				public void message(Connection connection, int bytes) {
					// its own copy of each broadcast: read and dropped
				}
			}).get(0);
			this.phases = new Phases(client.loop(), options);
			this.phases.onLoop(() -> {
				sendWhileWindowOpen();
				return null;
			});
			this.phases.run(() -> {
				this.deliveryLatency.reset();
				this.deliveries = 0;
				this.broadcasts = 0;
			}, () -> this.stopping = true);
			Result result = this.phases.onLoop(() -> this.phases.putServerCpu(new Result(), this.deliveries)
				.put("receivers", this.receiverCount)
				.put("slow", slowCount)
				.put("size", this.payload.readableBytes())
				.put("window", this.window)
				.put("seconds", this.phases.seconds())
				.put("deliveries", this.deliveries / this.phases.seconds())
				.put("broadcasts", this.broadcasts / this.phases.seconds())
				.put("slowClosed", this.slowClosed)
				.put("receiversClosed", this.receiversClosed)
				.putLatency("latency", this.deliveryLatency));
			// With every client still connected: what the server holds for them, queues included.
			result.put("serverLiveHeapMiB", new ServerCpu(options).liveHeap() / (1024 * 1024));
			List<Connection> all = new ArrayList<>(receivers);
			all.addAll(slow);
			all.add(this.sender);
			client.closeAll(all);
			return result;
		}
	}

	private void sendWhileWindowOpen() {
		boolean sent = false;
		while (!this.stopping && this.nextBroadcast - this.completedBroadcasts < this.window && this.aliveReceivers > 0) {
			int slot = (int) (this.nextBroadcast & (RING - 1));
			this.sentAt[slot] = System.nanoTime();
			this.remaining[slot] = this.aliveReceivers;
			this.nextBroadcast++;
			this.sender.send(this.payload);
			sent = true;
		}
		if (sent) {
			this.sender.flush();
		}
	}

	@Override
	public void message(Connection receiver, int bytes) {
		long sequence = receiver.nextBroadcast++;
		if (sequence >= this.nextBroadcast) {
			throw new IllegalStateException("Receiver " + receiver.index + " got broadcast " + sequence
					+ " before it was sent");
		}
		int slot = (int) (sequence & (RING - 1));
		if (this.phases.measuring()) {
			this.deliveryLatency.recordValue(System.nanoTime() - this.sentAt[slot]);
			this.deliveries++;
		}
		delivered(slot);
	}

	private void delivered(int slot) {
		if (--this.remaining[slot] == 0) {
			this.completedBroadcasts++;
			if (this.phases.measuring()) {
				this.broadcasts++;
			}
			sendWhileWindowOpen();
		}
	}

	@Override
	public void closed(Connection receiver) {
		this.receiversClosed++;
		this.aliveReceivers--;
		for (long sequence = receiver.nextBroadcast; sequence < this.nextBroadcast; sequence++) {
			delivered((int) (sequence & (RING - 1)));
		}
	}

}
