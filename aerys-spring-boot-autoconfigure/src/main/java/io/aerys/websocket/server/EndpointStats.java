package io.aerys.websocket.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

import io.aerys.websocket.invoke.Callback;
import org.jspecify.annotations.Nullable;

/**
 * What happened on one endpoint, counted with {@link LongAdder adders} so that counting costs a
 * few nanoseconds whether or not Micrometer is present. Messages and bytes are not counted here
 * at all: each client's own counters are added up when read, which spares every message the
 * locked instructions of an adder, and a client's counters are kept here once it leaves. Meters
 * and the actuator read these counts; counts with an open set of tag values (close codes,
 * exception names) announce each new value to a listener so a meter can be registered for it.
 * Callback counts and durations are kept once a {@link #onEachCallback listener} (the callback
 * timer) reads them.
 */
public final class EndpointStats {

	/** The tag of {@link #callback(Callback, boolean)} outcomes. */
	public static final String SUCCESS = "success";

	/** The tag of failed callback outcomes. */
	public static final String ERROR = "error";

	/* Indexes of Client.traffic(). */

	private static final int TEXT_RECEIVED = 0;

	private static final int BINARY_RECEIVED = 1;

	private static final int BYTES_RECEIVED = 2;

	private static final int TEXT_SENT = 3;

	private static final int BINARY_SENT = 4;

	private static final int BYTES_SENT = 5;

	private static final int COUNTERS = 6;

	private final LongAdder opened = new LongAdder();

	/** The clients connected now, whose counters are read. */
	private final Iterable<Client> clients;

	/** The counters of clients that left; guarded by itself, as is each client's retirement. */
	private final long[] left = new long[COUNTERS];

	private final CallbackTime[] callbackTimes = new CallbackTime[Callback.values().length * 2];

	private volatile @Nullable CallbackListener callbackListener;

	/**
	 * Whether anyone reads callback counts and durations, worth two clock reads and two adders per
	 * message: they are kept from then on.
	 */
	private volatile boolean timesCallbacks;

	private final Tagged closed = new Tagged("code");

	private final Tagged rejected = new Tagged("status");

	private final Tagged errors = new Tagged("exception");

	private final Tagged dropped = new Tagged("reason");

	EndpointStats(Iterable<Client> clients) {
		this.clients = clients;
		for (int i = 0; i < this.callbackTimes.length; i++) {
			this.callbackTimes[i] = new CallbackTime();
		}
	}

	void open() {
		this.opened.increment();
	}

	void closed(int code) {
		this.closed.increment(Integer.toString(code));
	}

	void rejected(int status) {
		this.rejected.increment(Integer.toString(status));
	}

	/**
	 * Keep the counters of a client about to leave the connected ones.
	 * @param client the client
	 */
	void retire(Client client) {
		synchronized (this.left) {
			if (!client.isRetired()) {
				long[] counters = client.retire();
				add(counters, null);
				client.settled = counters;
			}
		}
	}

	/**
	 * Keep what a retired client counted since it was last kept.
	 * @param client the client
	 */
	void settle(Client client) {
		synchronized (this.left) {
			long[] counters = client.traffic();
			add(counters, client.settled);
			client.settled = counters;
		}
	}

	private void add(long[] counters, long @Nullable [] minus) {
		for (int i = 0; i < COUNTERS; i++) {
			this.left[i] += counters[i] - ((minus != null) ? minus[i] : 0);
		}
	}

	private long traffic(int index) {
		synchronized (this.left) {
			long sum = this.left[index];
			for (Client client : this.clients) {
				if (!client.isRetired()) {
					sum += client.traffic()[index];
				}
			}
			return sum;
		}
	}

	void error(Throwable failure) {
		this.errors.increment(failure.getClass().getSimpleName());
	}

	void dropped(String reason) {
		this.dropped.increment(reason);
	}

	/**
	 * Return when a callback call starts, for {@link #callback(Callback, boolean, long)}: the
	 * clock is read only once a listener (the callback timer) reads durations.
	 * @return {@link System#nanoTime()}, or 0 if durations are not wanted
	 */
	long callbackStart() {
		return this.timesCallbacks ? System.nanoTime() : 0;
	}

	/**
	 * Count a callback call that started at {@link #callbackStart()}.
	 * @param callback the callback
	 * @param success whether it succeeded
	 * @param start what {@link #callbackStart()} returned
	 */
	void callbackEnded(Callback callback, boolean success, long start) {
		callback(callback, success, (start != 0) ? System.nanoTime() - start : 0);
	}

	void callback(Callback callback, boolean success, long nanos) {
		CallbackTime time = time(callback, success);
		if (!time.used) {
			announce(callback, success, time);
		}
		if (this.timesCallbacks) {
			time.count.increment();
			time.nanos.add(nanos);
		}
	}

	private synchronized void announce(Callback callback, boolean success, CallbackTime time) {
		if (!time.used) {
			time.used = true;
			CallbackListener listener = this.callbackListener;
			if (listener != null) {
				listener.first(callback, success);
			}
		}
	}

	/**
	 * Call back for every callback and outcome seen so far and every new one from now on, and
	 * keep callback counts and durations from now on.
	 * @param listener told each callback and outcome once
	 */
	public synchronized void onEachCallback(CallbackListener listener) {
		this.callbackListener = listener;
		this.timesCallbacks = true;
		for (Callback callback : Callback.values()) {
			for (boolean success : new boolean[] { true, false }) {
				if (time(callback, success).used) {
					listener.first(callback, success);
				}
			}
		}
	}

	/**
	 * Told the first call of a callback with an outcome.
	 */
	@FunctionalInterface
	public interface CallbackListener {

		void first(Callback callback, boolean success);

	}

	public long opened() {
		return this.opened.sum();
	}

	public long messagesReceived(boolean binary) {
		return traffic(binary ? BINARY_RECEIVED : TEXT_RECEIVED);
	}

	public long bytesReceived() {
		return traffic(BYTES_RECEIVED);
	}

	public long messagesSent(boolean binary) {
		return traffic(binary ? BINARY_SENT : TEXT_SENT);
	}

	public long bytesSent() {
		return traffic(BYTES_SENT);
	}

	/**
	 * Return the calls of a callback with one outcome.
	 * @param callback the callback
	 * @param success whether the calls succeeded
	 * @return the count
	 */
	public long callbackCount(Callback callback, boolean success) {
		return time(callback, success).count.sum();
	}

	/**
	 * Return the time spent in calls of a callback with one outcome.
	 * @param callback the callback
	 * @param success whether the calls succeeded
	 * @return the total in nanoseconds
	 */
	public long callbackNanos(Callback callback, boolean success) {
		return time(callback, success).nanos.sum();
	}

	public Tagged closedByCode() {
		return this.closed;
	}

	public Tagged rejectedByStatus() {
		return this.rejected;
	}

	public Tagged errorsByException() {
		return this.errors;
	}

	public Tagged droppedByReason() {
		return this.dropped;
	}

	private CallbackTime time(Callback callback, boolean success) {
		return this.callbackTimes[callback.ordinal() * 2 + (success ? 0 : 1)];
	}

	private static final class CallbackTime {

		volatile boolean used;

		final LongAdder count = new LongAdder();

		final LongAdder nanos = new LongAdder();

	}

	/**
	 * Counts by the value of one tag, such as close codes.
	 */
	public static final class Tagged {

		private final String tag;

		private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

		private volatile @Nullable BiConsumer<String, LongAdder> listener;

		Tagged(String tag) {
			this.tag = tag;
		}

		public String tag() {
			return this.tag;
		}

		void increment(String value) {
			LongAdder count = this.counts.get(value);
			if (count == null) {
				count = this.counts.computeIfAbsent(value, (key) -> {
					LongAdder created = new LongAdder();
					BiConsumer<String, LongAdder> listener = this.listener;
					if (listener != null) {
						listener.accept(key, created);
					}
					return created;
				});
			}
			count.increment();
		}

		/**
		 * Return the count of one value.
		 * @param value the tag value
		 * @return the count, 0 if never seen
		 */
		public long count(String value) {
			LongAdder count = this.counts.get(value);
			return (count != null) ? count.sum() : 0;
		}

		/**
		 * Call back for every value seen so far and every new value from now on.
		 * @param listener told each tag value and its count
		 */
		public synchronized void onEachValue(BiConsumer<String, LongAdder> listener) {
			this.listener = listener;
			this.counts.forEach(listener);
		}

		/**
		 * Return every count by value.
		 * @return a snapshot of the counts
		 */
		public Map<String, Long> snapshot() {
			Map<String, Long> snapshot = new java.util.TreeMap<>();
			this.counts.forEach((value, count) -> snapshot.put(value, count.sum()));
			return snapshot;
		}

	}

}
