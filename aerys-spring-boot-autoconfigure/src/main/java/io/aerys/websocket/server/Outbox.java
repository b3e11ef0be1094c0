package io.aerys.websocket.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The bounded outbound queue of one client. Any thread may offer; one message at a time is
 * written, by whichever thread finds the outbox idle, and the next write starts from the completion
 * of the previous one. Nobody waits for a slow socket: a client whose waiting bytes pass the send
 * buffer limit is reported to its {@link Listener}, which drops it.
 * <p>
 * Two threads write in place instead, as a hand-written handler would, which spares the
 * container's hand-over of every write completion to another thread: the client's own callback
 * replying while nothing waits ({@link #offerInPlace}, {@link #replyInPlace}), and the thread
 * completing a write, which goes on with what queued meanwhile. Either waits only for this client's socket, for at most the
 * send time limit, and only while it holds one of a few {@link WritePermits}. Messages queued
 * behind one another are written as one batch where the transport can.
 * <p>
 * When the container has read a client's next message already, along with the one being
 * delivered, the reply waits in the container's output buffer and leaves with the next reply: one
 * socket write for all the messages read together, as a server under load reads them. The
 * outbox stays held meanwhile, so other sends to that client wait for the callbacks of those
 * messages, which run at once anyway: they are what the container does next on that thread.
 */
final class Outbox {

	/* Phases of one write, which hand the flush loop over between the writer and the completion. */

	private static final int WRITING = 0;

	private static final int RETURNED = 1;

	private static final int COMPLETED = 2;

	/** About what one batch of messages written in place may hold. */
	private static final long BATCH_BYTES = 64 * 1024;

	/** The header of the smallest frame, counted with each waiting message. */
	private static final int FRAME_HEADER_BYTES = 2;

	private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

	private static final VarHandle WAITING_BYTES = FieldHandles.of(LOOKUP, "waitingBytes", long.class);

	private static final VarHandle BUSY = FieldHandles.of(LOOKUP, "busy", boolean.class);

	private static final VarHandle FLUSH_PENDING = FieldHandles.of(LOOKUP, "flushPending", boolean.class);

	private static final VarHandle IN_FLIGHT = FieldHandles.of(LOOKUP, "inFlight", Outgoing.class);

	private static final VarHandle WRITES = FieldHandles.of(LOOKUP, "writes", long.class);

	private static final VarHandle AFTER_WRITES = FieldHandles.of(LOOKUP, "afterWrites", Runnable.class);

	private static final VarHandle BATCHED = FieldHandles.of(LOOKUP, "batched", boolean.class);

	private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();

	/* The atomic fields below are fields of the outbox, not objects of their own (FieldHandles). */

	private volatile long waitingBytes;

	private volatile boolean busy;

	/** Whether a flush of messages {@link #offerQueued queued} for later has been asked for. */
	private volatile boolean flushPending;

	/**
	 * The message being written, if it has a completion to fail should the connection go first: a
	 * reply {@link #replyInPlace written in place} has none and sets none.
	 */
	private volatile @Nullable Outgoing inFlight;

	/**
	 * Writes started and ended, odd while one goes on: the watchdog times a write by its number.
	 * Written only by the holder of the outbox (the thread that set {@link #busy}, or the write's
	 * completion), so a release store is enough.
	 */
	private volatile long writes;

	/**
	 * The thread delivering a message of this client while the client's next message is read
	 * already ({@link Transport#nextMessageRead()}), or while replies wait for this one: its
	 * replies may wait in the container's output buffer for the next one. As the mailbox's runner,
	 * a plain field: only that thread compares it with itself, and it wrote the value.
	 */
	private @Nullable Thread batchingThread;

	/**
	 * Whether replies wait in the container's output buffer: the outbox and a write permit are
	 * held for them until the batch {@link #endBatch() ends}, or is {@link #abandonBatch()
	 * abandoned} with the connection.
	 */
	private volatile boolean batched;

	/** Waits, once the outbox is shut down, for the write in flight to end. */
	private volatile @Nullable Runnable afterWrites;

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
		return enqueue(message) && !this.busy && FLUSH_PENDING.compareAndSet(this, false, true);
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
		// Not while replies are held for the next message: then the client's own callback runs,
		// and its socket is not even being written.
		if (addWaiting(waitingSize(message)) > this.bufferLimit && this.busy && !this.batched) {
			this.listener.overflowed(this.waitingBytes);
			return false;
		}
		return true;
	}

	/**
	 * Write what {@link #offerQueued(Outgoing) was queued}, without waiting for the socket.
	 */
	void flushQueued() {
		this.flushPending = false;
		flush(false);
	}

	/**
	 * Write a message on the calling thread if nothing waits or is being written and a permit is
	 * free, else {@link #offer(Outgoing) queue} it. For the client's own callback thread only.
	 * @param message the message
	 */
	void offerInPlace(Outgoing message) {
		if (message.close() == null && holdInPlace()) {
			try {
				writeInPlace(message, false);
			}
			finally {
				leaveInPlace();
			}
			return;
		}
		offer(message);
	}

	/**
	 * Send a text reply with no completion, as {@link #offerInPlace} would, but without making an
	 * {@link Outgoing} unless it has to be queued: what a callback returns is sent so.
	 * @param text the text
	 * @param size its length in UTF-8
	 */
	void replyInPlace(String text, int size) {
		if (this.batchingThread == Thread.currentThread() && replyBatched(text, size)) {
			return;
		}
		if (!holdInPlace()) {
			offer(Outgoing.text(text, size, Completion.NONE));
			return;
		}
		try {
			writeReplyInPlace(text, size);
		}
		finally {
			leaveInPlace();
		}
	}

	/**
	 * Note that the calling thread delivers a message to the client's callbacks now, and whether
	 * the client's next message is read already, so that a reply may wait for the next one's. A
	 * batch held past the last delivery was held by this thread, which delivers the next message
	 * (the batch ends otherwise), so this one's reply joins it.
	 * @param nextMessageRead whether the container will deliver the next message on this thread
	 * right after this one
	 */
	void startDelivery(boolean nextMessageRead) {
		this.batchingThread = (nextMessageRead || this.batched) ? Thread.currentThread() : null;
	}

	/**
	 * Note the end of a delivery {@link #startDelivery started} on the calling thread, and write
	 * the replies waiting in the container's output buffer unless the next message comes at once.
	 * @param nextMessageComes whether the next message will be delivered on this thread right
	 * after this one: it was read already, and reading is neither paused nor closing
	 */
	void endDelivery(boolean nextMessageComes) {
		this.batchingThread = null;
		if (this.batched && (!nextMessageComes || this.waitingBytes != 0 || this.closed)) {
			endBatch();
		}
	}

	/**
	 * Write a reply of the delivering thread into the container's output buffer, taking the
	 * outbox and a permit for the batch if it is the first. The batch ends when a delivery ends
	 * with no next message read, so the reply to the last message read joins it too.
	 * @return {@code false} if the reply must go the usual way
	 */
	private boolean replyBatched(String text, int size) {
		if (!this.batched) {
			if (!holdInPlace()) {
				return false;
			}
			this.batched = true;
		}
		else if (this.waitingBytes != 0) {
			// Messages queued behind the batch go first.
			endBatch();
			return false;
		}
		if (this.closed) {
			endBatch();
			return true;
		}
		Throwable failure = writeText(text, true);
		if (failure == null) {
			this.listener.sent(true, size);
			return true;
		}
		this.listener.writeFailed(failure);
		if (BATCHED.compareAndSet(this, true, false)) {
			this.transport.abandonBatch();
			release();
			this.listener.writeEnded();
			leaveInPlace();
		}
		return true;
	}

	/**
	 * Write the replies waiting in the container's output buffer, on the calling thread, then let
	 * go of the outbox and the permit and write what queued meanwhile.
	 */
	private void endBatch() {
		if (!BATCHED.compareAndSet(this, true, false)) {
			return;
		}
		startWrite();
		Throwable failure;
		try {
			failure = this.transport.flushBatch();
		}
		catch (RuntimeException | Error ex) {
			failure = ex;
		}
		endWrite();
		if (failure != null) {
			this.listener.writeFailed(failure);
		}
		release();
		this.listener.writeEnded();
		leaveInPlace();
	}

	/**
	 * Give up the replies waiting in the container's output buffer, once the connection is gone:
	 * the next message they waited for will not be delivered.
	 */
	void abandonBatch() {
		if (BATCHED.compareAndSet(this, true, false)) {
			this.transport.abandonBatch();
			release();
			this.permits.release();
		}
	}

	/**
	 * Take the outbox and a write permit for a write in place, if nothing waits or is being
	 * written and a permit is free.
	 * @return whether the calling thread holds both and must {@link #leaveInPlace() leave} them
	 */
	private boolean holdInPlace() {
		if (!this.closed && this.waitingBytes == 0 && this.permits.tryAcquire()) {
			if (BUSY.compareAndSet(this, false, true)) {
				return true;
			}
			this.permits.release();
		}
		return false;
	}

	/**
	 * Give back the write permit after a write in place, which released the outbox, and write what
	 * queued meanwhile.
	 */
	private void leaveInPlace() {
		this.permits.release();
		if (this.waitingBytes != 0) {
			flush(true);
		}
	}

	/**
	 * Write a text reply on the calling thread, which holds the outbox and a permit. There is no
	 * completion to tell, so nothing is set {@link #inFlight in flight}.
	 */
	private void writeReplyInPlace(String text, int size) {
		if (this.closed) {
			release();
			return;
		}
		Throwable failure = writeText(text, false);
		if (failure == null) {
			this.listener.sent(true, size);
		}
		else {
			this.listener.writeFailed(failure);
		}
		release();
		this.listener.writeEnded();
	}

	/**
	 * Write a text on the calling thread, which holds the outbox and a permit, timed by the
	 * watchdog as a write.
	 * @param text the text
	 * @param batched whether it may wait in the container's output buffer
	 * @return the failure, or {@code null}
	 */
	private @Nullable Throwable writeText(String text, boolean batched) {
		startWrite();
		Throwable failure;
		try {
			failure = batched ? this.transport.writeTextBatched(text) : this.transport.writeTextInPlace(text);
		}
		catch (RuntimeException | Error ex) {
			failure = ex;
		}
		endWrite();
		return failure;
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
		IN_FLIGHT.setRelease(this, message);
		startWrite();
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
			addWaiting(-waitingSize(next));
			batch.add(next);
			bytes += next.size();
		}
		return batch;
	}

	/**
	 * Return the number of the write going on, for the send time limit: the watchdog times how long
	 * it sees the same one, which spares every write a clock read.
	 * @return a number no other write of this outbox has, or 0 if nothing is being written
	 */
	long writing() {
		long writes = this.writes;
		return ((writes & 1) != 0) ? writes : 0;
	}

	private void startWrite() {
		WRITES.setRelease(this, this.writes + 1);
	}

	private void endWrite() {
		WRITES.setRelease(this, this.writes + 1);
	}

	/**
	 * Return whether nothing waits or is being written.
	 * @return whether the outbox is empty
	 */
	boolean isIdle() {
		return !this.busy && this.queue.isEmpty();
	}

	@Override
	public String toString() {
		return "Outbox[waiting=" + this.waitingBytes + ", queued=" + this.queue.size() + ", busy=" + this.busy
				+ ", writing=" + (writing() != 0) + "]";
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
		Outgoing message = (Outgoing) IN_FLIGHT.getAndSet(this, null);
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
		this.afterWrites = action;
		return !this.busy && AFTER_WRITES.compareAndSet(this, action, null);
	}

	/**
	 * Run the action waiting for the write in flight without waiting any longer, if it has not run.
	 */
	void runAfterWrites() {
		Runnable action = (Runnable) AFTER_WRITES.getAndSet(this, null);
		if (action != null) {
			action.run();
		}
	}

	private void release() {
		this.busy = false;
		if (this.afterWrites != null) {
			runAfterWrites();
		}
	}

	/**
	 * Return what a message adds to the waiting bytes: its size and the smallest frame header. An
	 * empty message counts too, so nothing waits exactly when no bytes wait, which the client's
	 * own callback checks on its own line of memory rather than in the queue.
	 */
	private static long waitingSize(Outgoing message) {
		return message.size() + FRAME_HEADER_BYTES;
	}

	private long addWaiting(long bytes) {
		return (long) WAITING_BYTES.getAndAdd(this, bytes) + bytes;
	}

	private void failQueued() {
		Outgoing message;
		while ((message = this.queue.poll()) != null) {
			addWaiting(-waitingSize(message));
			message.completion().done(new ClientClosedException());
		}
	}

	/**
	 * Write what waits, one message at a time, until the queue is empty or a write goes on
	 * asynchronously (its completion carries on).
	 * @param inPlace whether the calling thread may write in place, waiting for this client's socket
	 */
	private void flush(boolean inPlace) {
		while (!this.closed && BUSY.compareAndSet(this, false, true)) {
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
			addWaiting(-waitingSize(message));
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
			IN_FLIGHT.setRelease(this, message);
			startWrite();
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
		endWrite();
		if (!IN_FLIGHT.compareAndSet(this, first, null)) {
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
		this.listener.writeEnded();
		return true;
	}

	private void report(Outgoing message, @Nullable Throwable failure) {
		if (failure == null) {
			this.listener.sent(message.isText(), message.size());
		}
		message.completion().done(failure);
	}

	/**
	 * Told what happens to the outbox of a client.
	 */
	interface Listener {

		/**
		 * Told that a message was written.
		 * @param text whether it is a text message
		 * @param size its size in bytes
		 */
		void sent(boolean text, int size);

		/**
		 * Told once a write has been reported and the outbox is free again (its busy flag
		 * written), on the thread that reported it.
		 */
		void writeEnded();

		void overflowed(long waitingBytes);

		void writeFailed(Throwable failure);

		void closeRequested(Outgoing close);

	}

}
