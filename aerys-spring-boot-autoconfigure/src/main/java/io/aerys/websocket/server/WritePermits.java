package io.aerys.websocket.server;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds how many threads may write to a client in place at once. A write in place blocks while
 * the client's socket is full, for up to the send time limit; the bound keeps clients that stop
 * reading from holding more than a few container threads, and every other write then goes through
 * the outbox, which never blocks.
 */
final class WritePermits {

	/** Enough for every core to write at once; far fewer than a container's threads. */
	static final int DEFAULT = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());

	private final AtomicInteger available;

	WritePermits(int permits) {
		this.available = new AtomicInteger(permits);
	}

	boolean tryAcquire() {
		if (this.available.decrementAndGet() >= 0) {
			return true;
		}
		this.available.incrementAndGet();
		return false;
	}

	void release() {
		this.available.incrementAndGet();
	}

	int available() {
		return Math.max(0, this.available.get());
	}

}
