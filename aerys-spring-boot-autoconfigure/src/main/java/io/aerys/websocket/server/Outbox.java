package io.aerys.websocket.server;

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
 */
final class Outbox {

	/* Phases of one write, which hand the flush loop over between the writer and the completion. */

	private static final int WRITING = 0;

	private static final int RETURNED = 1;

	private static final int COMPLETED = 2;

	private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();

	private final AtomicLong waitingBytes = new AtomicLong();

	private final AtomicBoolean busy = new AtomicBoolean();

	private final AtomicReference<@Nullable Outgoing> inFlight = new AtomicReference<>();

	/** Waits, once the outbox is shut down, for the write in flight to end. */
	private final AtomicReference<@Nullable Runnable> afterWrites = new AtomicReference<>();

	private final Transport transport;

	private final long bufferLimit;

	private final Listener listener;

	private volatile long writeStartedAt;

	private volatile boolean closed;

	Outbox(Transport transport, long bufferLimit, Listener listener) {
		this.transport = transport;
		this.bufferLimit = bufferLimit;
		this.listener = listener;
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
		flush();
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

	private void flush() {
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
			this.writeStartedAt = System.nanoTime() | 1;
			this.inFlight.set(message);
			AtomicInteger phase = new AtomicInteger(WRITING);
			this.transport.write(message, (failure) -> written(message, phase, failure));
			if (phase.compareAndSet(WRITING, RETURNED)) {
				// The write goes on; its completion carries on flushing.
				return;
			}
		}
	}

	private void written(Outgoing message, AtomicInteger phase, @Nullable Throwable failure) {
		if (!this.inFlight.compareAndSet(message, null)) {
			return;
		}
		this.writeStartedAt = 0;
		if (failure == null) {
			this.listener.sent(message);
		}
		message.completion().done(failure);
		if (failure != null) {
			this.listener.writeFailed(failure);
		}
		release();
		if (!phase.compareAndSet(WRITING, COMPLETED)) {
			// The writer has returned: carry on here. Otherwise its loop carries on.
			flush();
		}
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
