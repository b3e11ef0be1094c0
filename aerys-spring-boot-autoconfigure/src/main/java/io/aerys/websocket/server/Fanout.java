package io.aerys.websocket.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Completes a future once every target of a multicast has taken the message or been dropped:
 * one slow or vanished client never fails, nor holds back, the whole send.
 */
final class Fanout implements Completion {

	/** Targets still to report, plus one held until every target has been offered the message. */
	private final AtomicInteger pending = new AtomicInteger(1);

	private final CompletableFuture<Void> future = new CompletableFuture<>();

	void addTarget() {
		this.pending.incrementAndGet();
	}

	CompletableFuture<Void> allOffered() {
		done(null);
		return this.future;
	}

	@Override
	public void done(@Nullable Throwable failure) {
		if (this.pending.decrementAndGet() == 0) {
			this.future.complete(null);
		}
	}

}
