package io.aerys.websocket.server;

import java.nio.ByteBuffer;
import java.time.Duration;

import org.springframework.web.socket.PingMessage;

/**
 * Looks over the clients of one endpoint a few times per limit: pings a client that has sent
 * nothing for the ping interval, closes one silent for the pong timeout (1008, a connection cut
 * without a close frame ends this way), one that exchanged no data message for the idle timeout
 * (1001), one whose message is still incomplete after the message timeout (1008), and one whose write
 * has taken longer than the send time limit (1008). Frames, data messages and writes are timed at
 * its looks (when a look first sees a count move) rather than with a clock read each, which spares
 * the message path: a client is closed between one limit and the limit plus two looks.
 */
final class ClientWatchdog implements Runnable {

	private static final ByteBuffer PING = ByteBuffer.wrap(new byte[] { 'a', 'e', 'r', 'y', 's' });

	private final DefaultEndpoint endpoint;

	private final long sendTimeLimit;

	private final long pingInterval;

	private final long pongTimeout;

	private final long idleTimeout;

	private final long messageTimeout;

	ClientWatchdog(DefaultEndpoint endpoint) {
		this.endpoint = endpoint;
		EndpointSettings settings = endpoint.runtime().settings();
		this.sendTimeLimit = settings.sendTimeLimit().toNanos();
		this.pingInterval = settings.pingInterval().toNanos();
		this.pongTimeout = settings.pongTimeout().toNanos();
		this.idleTimeout = (settings.idleTimeout() != null) ? settings.idleTimeout().toNanos() : 0;
		this.messageTimeout = settings.messageTimeout().toNanos();
	}

	/**
	 * Return how often to look: a quarter of the shortest limit, between 50 ms and 1 s.
	 * @param settings the settings of the endpoint
	 * @return the period
	 */
	static Duration period(EndpointSettings settings) {
		long shortest = settings.sendTimeLimit().toMillis();
		for (Duration limit : new Duration[] { settings.pingInterval(), settings.pongTimeout(),
				settings.idleTimeout(), settings.messageTimeout() }) {
			if (limit != null && !limit.isZero() && !limit.isNegative()) {
				shortest = Math.min(shortest, limit.toMillis());
			}
		}
		return Duration.ofMillis(Math.max(50, Math.min(1000, shortest / 4)));
	}

	@Override
	public void run() {
		long now = System.nanoTime();
		for (Client client : this.endpoint.connected()) {
			if (client.isClosing()) {
				continue;
			}
			long silent = now - client.lastFrameAt(now);
			long lastDataAt = client.lastDataAt(now);
			if (client.writingFor(now) > this.sendTimeLimit) {
				this.endpoint.drop(client, DropReason.SLOW, "send time limit exceeded");
			}
			else if (this.messageTimeout > 0 && client.messageStartedAt() != 0
					&& now - client.messageStartedAt() > this.messageTimeout) {
				this.endpoint.drop(client, DropReason.TOO_SLOW, "message not completed in time");
			}
			else if (this.pongTimeout > 0 && silent > this.pongTimeout) {
				this.endpoint.drop(client, DropReason.PONG_TIMEOUT, "no pong received");
			}
			else if (this.idleTimeout > 0 && now - lastDataAt > this.idleTimeout) {
				this.endpoint.drop(client, DropReason.IDLE, "idle timeout");
			}
			else if (this.pingInterval > 0 && silent > this.pingInterval && now - client.lastPingAt() > this.pingInterval
					&& client.outbox.isIdle()) {
				ping(client, now);
			}
		}
	}

	private void ping(Client client, long now) {
		client.pinged(now);
		this.endpoint.runtime().executor().execute(() -> {
			try {
				client.session().sendMessage(new PingMessage(PING.duplicate()));
			}
			catch (Exception ex) {
				this.endpoint.runtime().logger().debug("Failed to ping " + client, ex);
			}
		});
	}

}
