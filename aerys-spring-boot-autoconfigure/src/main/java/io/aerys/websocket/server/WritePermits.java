package io.aerys.websocket.server;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds how many threads may write to a client in place at once. A write in place blocks while
 * the client's socket is full, for up to the send time limit; the bound keeps clients that stop
 * reading from holding more than a few container threads, and every other write then goes through
 * the outbox, which never blocks.
 */
final class WritePermits {

	/**
	 * Return the permits for a container with this many request threads: a quarter of them, at
	 * least 8. Fewer made replies fall back to the outbox whenever the scheduler paused a few
	 * writers mid-write (with 8, echoing 16 KiB to 100 clients on one core, a fifth of the CPU time
	 * of replies went that way), and that path hands every write's completion to another thread.
	 * @param containerThreads the container's maximum of request threads
	 * @return the number of permits
	 */
	static int forContainerThreads(int containerThreads) {
		return Math.max(8, containerThreads / 4);
	}

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
