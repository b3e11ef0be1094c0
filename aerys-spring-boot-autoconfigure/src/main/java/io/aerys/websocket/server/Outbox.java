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
 * Two threads write in place instead, as a hand-written handler would, which spares the
 * container's hand-over of every write completion to another thread: the client's own callback
 * replying while nothing waits ({@link #offerInPlace}), and the thread completing a write, which
 * goes on with what queued meanwhile. Either waits only for this client's socket, for at most the
 * send time limit, and only while it holds one of a few {@link WritePermits}. Messages queued
 * behind one another are written as one batch where the transport can.
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
		if (enqueue(message)) {
			flush(false);
		}
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
		return enqueue(message) && !this.busy.get() && this.flushPending.compareAndSet(false, true);
	}

	/**
	 * Put a message in the queue, unless the outbox is shut down (the message fails) or the queue
	 * passes the send buffer limit behind a write that does not end (the listener is told).
	 * @param message the message
	 * @return whether the message waits to be written
	 */
	private boolean enqueue(Outgoing message) {
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
		return true;
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
					writeInPlace(message, false);
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

	/**
	 * Write a message on the calling thread, which holds the outbox and a permit, with the data
	 * messages queued behind it if asked: the container then puts them together into as few socket
	 * writes as its buffer allows, where a broadcast otherwise pays one each.
	 * @param message the first message
	 * @param batch whether to take the messages queued behind it along
	 */
	private void writeInPlace(Outgoing message, boolean batch) {
		if (this.closed) {
			release();
			message.completion().done(new ClientClosedException());
			return;
		}
		List<Outgoing> messages = batch ? batchFrom(message) : null;
		this.inFlight.lazySet(message);
		Throwable failure;
		try {
			failure = (messages != null) ? this.transport.writeInPlace(messages)
					: this.transport.writeInPlace(message);
		}
		catch (RuntimeException | Error ex) {
			failure = ex;
		}
		finished(message, messages, failure);
	}

	/**
	 * Take the data messages queued behind the first one into a batch, up to about
	 * {@value #BATCH_BYTES} bytes; a close stays queued for the flush loop.
	 * @param first the message polled first
	 * @return the batch, or {@code null} if no data message waits behind the first one
	 */
	private @Nullable List<Outgoing> batchFrom(Outgoing first) {
		Outgoing next = this.queue.peek();
		if (next == null || next.close() != null) {
			return null;
		}
		List<Outgoing> batch = new ArrayList<>();
		batch.add(first);
		long bytes = first.size();
		while (bytes < BATCH_BYTES && (next = this.queue.peek()) != null && next.close() == null) {
			this.queue.poll();
			this.waitingBytes.addAndGet(-next.size());
			batch.add(next);
			bytes += next.size();
		}
		return batch;
	}

	/**
	 * Return the message being written, for the send time limit: the watchdog times how long it
	 * sees the same one, which spares every write a clock read.
	 * @return the message (the first of a batch), or {@code null} if nothing is being written
	 */
	@Nullable Outgoing writing() {
		return this.inFlight.get();
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
				+ ", writing=" + (this.inFlight.get() != null) + "]";
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
					writeInPlace(message, true);
				}
				finally {
					this.permits.release();
				}
				continue;
			}
			List<Outgoing> batch = this.transport.batches() ? batchFrom(message) : null;
			this.inFlight.lazySet(message);
			AtomicInteger phase = new AtomicInteger(WRITING);
			if (batch != null) {
				this.transport.write(batch, (failure) -> written(message, batch, phase, failure));
			}
			else {
				this.transport.write(message, (failure) -> written(message, null, phase, failure));
			}
			if (phase.compareAndSet(WRITING, RETURNED)) {
				// The write goes on; its completion carries on flushing.
				return;
			}
		}
	}

	private void written(Outgoing first, @Nullable List<Outgoing> batch, AtomicInteger phase,
			@Nullable Throwable failure) {
		if (finished(first, batch, failure) && !phase.compareAndSet(WRITING, COMPLETED)) {
			// The writer has returned: carry on here, on a thread of the container's that waits for
			// nothing else. Otherwise the writer's loop carries on.
			flush(true);
		}
	}

	/**
	 * End a write: report the message, or every message of the batch, and let the next write start.
	 * @param first the message written first, the one {@link #inFlight in flight}
	 * @param batch the whole batch, first included, or {@code null} if the message went alone
	 * @param failure why they were not written, or {@code null}
	 * @return {@code false} if the write had been {@link #abandonInFlight() abandoned} already
	 */
	private boolean finished(Outgoing first, @Nullable List<Outgoing> batch, @Nullable Throwable failure) {
		if (!this.inFlight.compareAndSet(first, null)) {
			// Abandoned with the connection: the first message has been failed, so fail the others.
			for (int i = 1; batch != null && i < batch.size(); i++) {
				batch.get(i).completion().done(new ClientClosedException());
			}
			return false;
		}
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
