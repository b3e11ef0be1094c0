package io.aerys.websocket.server;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Flushes, on one thread of the runtime's at a time, the outboxes a broadcast only queued to. The
 * broadcasting thread then costs a queue offer per client, and a burst of broadcasts reaches each
 * client as one batch rather than one socket write per message. Nothing here waits for a socket.
 */
final class Flusher implements Runnable {

	private final Queue<Outbox> pending = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private final Executor executor;

	Flusher(Executor executor) {
		this.executor = executor;
	}

	/**
	 * Have an outbox flushed at the next {@link #schedule()}.
	 * @param outbox an outbox whose {@link Outbox#offerQueued} asked for a flush
	 */
	void add(Outbox outbox) {
		this.pending.offer(outbox);
	}

	/**
	 * Flush the outboxes added so far, soon, unless a flush is under way that will take them.
	 */
	void schedule() {
		if (!this.pending.isEmpty() && this.scheduled.compareAndSet(false, true)) {
			try {
				this.executor.execute(this);
			}
			catch (RejectedExecutionException ex) {
				run();
			}
		}
	}

	@Override
	public void run() {
		do {
			Outbox outbox;
			while ((outbox = this.pending.poll()) != null) {
				outbox.flushQueued();
			}
			this.scheduled.set(false);
		}
		while (!this.pending.isEmpty() && this.scheduled.compareAndSet(false, true));
	}

}
