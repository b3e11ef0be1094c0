package io.aerys.websocket.server;

/**
 * Looks over the clients of one endpoint every second: drops a client whose write has taken longer
 * than the send time limit.
 */
final class ClientWatchdog implements Runnable {

	private final DefaultEndpoint endpoint;

	private final long sendTimeLimit;

	ClientWatchdog(DefaultEndpoint endpoint) {
		this.endpoint = endpoint;
		this.sendTimeLimit = endpoint.runtime().settings().sendTimeLimit().toNanos();
	}

	@Override
	public void run() {
		long now = System.nanoTime();
		for (Client client : this.endpoint.connected()) {
			long writeStartedAt = client.outbox.writeStartedAt();
			if (writeStartedAt != 0 && now - writeStartedAt > this.sendTimeLimit) {
				this.endpoint.drop(client, "slow", "send time limit exceeded");
			}
		}
	}

}
