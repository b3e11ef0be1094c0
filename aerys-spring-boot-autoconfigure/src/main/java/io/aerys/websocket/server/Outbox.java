package io.aerys.websocket.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * The bounded outbound queue of one client. Any thread may offer; one message at a time is
 * written, by whichever thread finds the outbox idle, and the next write starts from the completion
 * of the previous one. Nobody waits for a slow socket: a client whose waiting bytes pass the send
 * buffer limit is reported to its {@link Listener}, which drops it.
 * <p>
 * The one exception is the client's own callback replying to it while nothing waits: that thread
 * {@link #offerInPlace writes in place}, as a hand-written handler would, which spares the
 * container's hand-over of every write completion to another thread. It waits only for its own
 * client's socket, for at most the send time limit, and only while it holds one of a few
 * {@link WritePermits}.
 */
final class Outbox {

	/* Phases of one write, which hand the flush loop over between the writer and the completion. */

	private static final int WRITING = 0;

	private static final int RETURNED = 1;

	private static final int COMPLETED = 2;

	/** About what one batch of messages written in place may hold. */
	private static final long BATCH_BYTES = 64 * 1024;

	private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();

	private final AtomicLong waitingBytes = new AtomicLong();

	private final AtomicBoolean busy = new AtomicBoolean();

	/** Whether a flush of messages {@link #offerQueued queued} for later has been asked for. */
	private final AtomicBoolean flushPending = new AtomicBoolean();

	private final AtomicReference<@Nullable Outgoing> inFlight = new AtomicReference<>();

	/** Waits, once the outbox is shut down, for the write in flight to end. */
	private final AtomicReference<@Nullable Runnable> afterWrites = new AtomicReference<>();

	private final Transport transport;

	private final long bufferLimit;

	private final Listener listener;

	private final WritePermits permits;

	private volatile long writeStartedAt;

	private volatile boolean closed;

	Outbox(Transport transport, long bufferLimit, Listener listener, WritePermits permits) {
		this.transport = transport;
		this.bufferLimit = bufferLimit;
		this.listener = listener;
		this.permits = permits;
	}

	/**
	 * Queue a message and start writing if idle.
	 * @param message the message
	 */
	void offer(Outgoing message) {
		if (this.closed) {
			message.completion().done(new ClientClosedException());
			return;
		}
		this.queue.offer(message);
		if (this.closed) {
			failQueued();
			return;
		}
		if (this.waitingBytes.addAndGet(message.size()) > this.bufferLimit && this.busy.get()) {
			this.listener.overflowed(this.waitingBytes.get());
			return;
		}
		flush(false);
	}

	/**
	 * Queue a message without writing it yet: a broadcast queues to every client first, so that a
	 * burst of broadcasts reaches each client as one batch, then has them {@link #flushQueued()
	 * flushed}.
	 * @param message the message
	 * @return whether the caller must have the outbox flushed: nothing is being written, whose
	 * completion would carry on, and no flush is pending yet
	 */
	boolean offerQueued(Outgoing message) {
		if (this.closed) {
			message.completion().done(new ClientClosedException());
			return false;
		}
		this.queue.offer(message);
		if (this.closed) {
			failQueued();
			return false;
		}
		if (this.waitingBytes.addAndGet(message.size()) > this.bufferLimit && this.busy.get()) {
			this.listener.overflowed(this.waitingBytes.get());
			return false;
		}
		return !this.busy.get() && this.flushPending.compareAndSet(false, true);
	}

	/**
	 * Write what {@link #offerQueued(Outgoing) was queued}, without waiting for the socket.
	 */
	void flushQueued() {
		this.flushPending.set(false);
		flush(false);
	}

	/**
	 * Write a message on the calling thread if nothing waits or is being written and a permit is
	 * free, else {@link #offer(Outgoing) queue} it. For the client's own callback thread only.
	 * @param message the message
	 */
	void offerInPlace(Outgoing message) {
		if (message.close() == null && !this.closed && this.queue.isEmpty() && this.permits.tryAcquire()) {
			if (this.busy.compareAndSet(false, true)) {
				try {
					writeInPlace(message);
				}
				finally {
					this.permits.release();
				}
				if (!this.queue.isEmpty()) {
					flush(true);
				}
				return;
			}
			this.permits.release();
		}
		offer(message);
	}

	private void writeInPlace(Outgoing message) {
		writeInPlace(message, null);
	}

	/**
	 * Write a message on the calling thread, which holds the outbox and a permit, with the data
	 * messages queued behind it if {@code batch} is given: the container then puts them together
	 * into as few socket writes as its buffer allows, where a broadcast otherwise pays one each.
	 * @param message the first message
	 * @param batch where to gather the messages behind it, or {@code null} to write it alone
	 */
	private void writeInPlace(Outgoing message, @Nullable List<Outgoing> batch) {
		if (this.closed) {
			release();
			message.completion().done(new ClientClosedException());
			return;
		}
		if (batch != null) {
			gather(message, batch);
		}
		this.writeStartedAt = System.nanoTime() | 1;
		this.inFlight.set(message);
		Throwable failure;
		try {
			failure = (batch != null && batch.size() > 1) ? this.transport.writeInPlace(batch)
					: this.transport.writeInPlace(message);
		}
		catch (RuntimeException | Error ex) {
			failure = ex;
		}
		if (batch == null || batch.size() == 1) {
			finished(message, failure);
		}
		else {
			finished(batch, failure);
		}
	}

	/**
	 * Take the data messages queued behind the first one into a batch, up to about
	 * {@value #BATCH_BYTES} bytes; a close stays queued for the flush loop.
	 * @param first the message polled first
	 * @param batch the batch to fill
	 */
	private void gather(Outgoing first, List<Outgoing> batch) {
		batch.add(first);
		long bytes = first.size();
		Outgoing next;
		while (bytes < BATCH_BYTES && (next = this.queue.peek()) != null && next.close() == null) {
			this.queue.poll();
			this.waitingBytes.addAndGet(-next.size());
			batch.add(next);
			bytes += next.size();
		}
	}

	/**
	 * Return when the message being written started, for the send time limit.
	 * @return {@link System#nanoTime()} at the start of the write, or 0 if nothing is being written
	 */
	long writeStartedAt() {
		return this.writeStartedAt;
	}

	/**
	 * Return whether nothing waits or is being written.
	 * @return whether the outbox is empty
	 */
	boolean isIdle() {
		return !this.busy.get() && this.queue.isEmpty();
	}

	@Override
	public String toString() {
		return "Outbox[waiting=" + this.waitingBytes.get() + ", queued=" + this.queue.size() + ", busy=" + this.busy.get()
				+ ", writingFor=" + ((this.writeStartedAt != 0) ? (System.nanoTime() - this.writeStartedAt) / 1_000_000 + "ms" : "-") + "]";
	}

	/**
	 * Stop taking messages and fail the ones that wait.
	 */
	void shutdown() {
		this.closed = true;
		failQueued();
	}

	/**
	 * Fail the message being written, once the connection is gone: the container may never
	 * complete a write to a socket it closed.
	 */
	void abandonInFlight() {
		Outgoing message = this.inFlight.getAndSet(null);
		if (message != null) {
			message.completion().done(new ClientClosedException());
		}
		runAfterWrites();
	}

	/**
	 * Once the outbox is {@link #shutdown() shut down}, have an action wait for the write in flight,
	 * if any, to end. Closing the connection waits so: Tomcat writes a text message larger than its
	 * buffer in parts and checks between two parts, without a lock, whether the session was closed,
	 * so a close in the middle makes it throw on its own thread.
	 * @param action run by the thread that ends the write in flight, or by {@link #runAfterWrites()}
	 * @return {@code true} if nothing is being written: the caller runs the action itself, now
	 */
	boolean afterWrites(Runnable action) {
		this.afterWrites.set(action);
		return !this.busy.get() && this.afterWrites.compareAndSet(action, null);
	}

	/**
	 * Run the action waiting for the write in flight without waiting any longer, if it has not run.
	 */
	void runAfterWrites() {
		Runnable action = this.afterWrites.getAndSet(null);
		if (action != null) {
			action.run();
		}
	}

	private void release() {
		this.busy.set(false);
		if (this.afterWrites.get() != null) {
			runAfterWrites();
		}
	}

	private void failQueued() {
		Outgoing message;
		while ((message = this.queue.poll()) != null) {
			this.waitingBytes.addAndGet(-message.size());
			message.completion().done(new ClientClosedException());
		}
	}

	/**
	 * Write what waits, one message at a time, until the queue is empty or a write goes on
	 * asynchronously (its completion carries on).
	 * @param inPlace whether the calling thread may write in place, waiting for this client's socket
	 */
	private void flush(boolean inPlace) {
		while (!this.closed && this.busy.compareAndSet(false, true)) {
			if (this.closed) {
				release();
				return;
			}
			Outgoing message = this.queue.poll();
			if (message == null) {
				release();
				if (this.queue.isEmpty()) {
					return;
				}
				continue;
			}
			this.waitingBytes.addAndGet(-message.size());
			if (message.close() != null) {
				// Nothing is written after a close: later messages fail.
				shutdown();
				release();
				this.listener.closeRequested(message);
				return;
			}
			if (inPlace && this.permits.tryAcquire()) {
				try {
					writeInPlace(message, this.queue.isEmpty() ? null : new ArrayList<>());
				}
				finally {
					this.permits.release();
				}
				continue;
			}
			List<Outgoing> batch = null;
			if (this.transport.batches() && !this.queue.isEmpty()) {
				batch = new ArrayList<>();
				gather(message, batch);
			}
			this.writeStartedAt = System.nanoTime() | 1;
			this.inFlight.set(message);
			AtomicInteger phase = new AtomicInteger(WRITING);
			if (batch != null && batch.size() > 1) {
				List<Outgoing> messages = batch;
				this.transport.write(messages, (failure) -> written(messages, phase, failure));
			}
			else {
				this.transport.write(message, (failure) -> written(message, phase, failure));
			}
			if (phase.compareAndSet(WRITING, RETURNED)) {
				// The write goes on; its completion carries on flushing.
				return;
			}
		}
	}

	private void written(Outgoing message, AtomicInteger phase, @Nullable Throwable failure) {
		if (finished(message, failure)) {
			carryOn(phase);
		}
	}

	private void written(List<Outgoing> batch, AtomicInteger phase, @Nullable Throwable failure) {
		if (finished(batch, failure)) {
			carryOn(phase);
		}
	}

	private void carryOn(AtomicInteger phase) {
		if (!phase.compareAndSet(WRITING, COMPLETED)) {
			// The writer has returned: carry on here, on a thread of the container's that waits for
			// nothing else. Otherwise the writer's loop carries on.
			flush(true);
		}
	}

	/**
	 * End the write of a message: report it and let the next write start.
	 * @param message the message written
	 * @param failure why it was not written, or {@code null}
	 * @return {@code false} if the write had been {@link #abandonInFlight() abandoned} already
	 */
	private boolean finished(Outgoing message, @Nullable Throwable failure) {
		return finished(message, null, failure);
	}

	/**
	 * End the write of a batch: report every message and let the next write start.
	 * @param batch the messages written, the first one {@link #inFlight in flight}
	 * @param failure why they were not written, or {@code null}
	 * @return {@code false} if the write had been {@link #abandonInFlight() abandoned} already
	 */
	private boolean finished(List<Outgoing> batch, @Nullable Throwable failure) {
		return finished(batch.get(0), batch, failure);
	}

	private boolean finished(Outgoing first, @Nullable List<Outgoing> batch, @Nullable Throwable failure) {
		if (!this.inFlight.compareAndSet(first, null)) {
			// Abandoned with the connection: the first message has been failed, so fail the others.
			for (int i = 1; batch != null && i < batch.size(); i++) {
				batch.get(i).completion().done(new ClientClosedException());
			}
			return false;
		}
		this.writeStartedAt = 0;
		if (batch == null) {
			report(first, failure);
		}
		else {
			for (Outgoing written : batch) {
				report(written, failure);
			}
		}
		if (failure != null) {
			this.listener.writeFailed(failure);
		}
		release();
		return true;
	}

	private void report(Outgoing message, @Nullable Throwable failure) {
		if (failure == null) {
			this.listener.sent(message);
		}
		message.completion().done(failure);
	}

	/**
	 * Told what happens to the outbox of a client.
	 */
	interface Listener {

		void sent(Outgoing message);

		void overflowed(long waitingBytes);

		void writeFailed(Throwable failure);

		void closeRequested(Outgoing close);

	}

}
