package io.aerys.websocket.server;

/**
 * A token bucket over the messages and bytes one client sends, refilled at the configured rates
 * with a burst of one second's worth. Used by the reading thread only.
 */
final class InboundRate {

	private final double messagesPerNano;

	private final double bytesPerNano;

	private final double messageBurst;

	private final double byteBurst;

	private double messages;

	private double bytes;

	private long refilledAt = System.nanoTime();

	InboundRate(long messagesPerSecond, long bytesPerSecond) {
		this.messagesPerNano = messagesPerSecond / 1e9;
		this.bytesPerNano = bytesPerSecond / 1e9;
		this.messageBurst = messagesPerSecond;
		this.byteBurst = bytesPerSecond;
		this.messages = this.messageBurst;
		this.bytes = this.byteBurst;
	}

	/**
	 * Take one message of some size from the bucket.
	 * @param size the bytes of the message
	 * @return how long reading should pause for the bucket to be out of debt, in nanoseconds
	 */
	long take(long size) {
		long now = System.nanoTime();
		long elapsed = now - this.refilledAt;
		this.refilledAt = now;
		long wait = 0;
		if (this.messagesPerNano > 0) {
			this.messages = Math.min(this.messageBurst, this.messages + elapsed * this.messagesPerNano) - 1;
			wait = Math.max(wait, (long) (-this.messages / this.messagesPerNano));
		}
		if (this.bytesPerNano > 0) {
			this.bytes = Math.min(this.byteBurst, this.bytes + elapsed * this.bytesPerNano) - size;
			wait = Math.max(wait, (long) (-this.bytes / this.bytesPerNano));
		}
		return wait;
	}

}
