package io.aerys.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * One WebSocket connection of the load generator, with the bookkeeping its load keeps. Used only
 * on the single event loop thread, so nothing here is synchronized.
 */
final class Connection {

	final Channel channel;

	final int index;

	/** Send times (or intended send times) of the messages waiting for their echo, oldest first. */
	final LongQueue pending = new LongQueue(16);

	/** The sequence number of the next broadcast this receiver expects. */
	long nextBroadcast;

	boolean closed;

	Connection(Channel channel, int index) {
		this.channel = channel;
		this.index = index;
	}

	/**
	 * Write a text message; flushed by {@link #flush()} or {@link #sendNow}.
	 * @param payload the payload, shared and never released
	 */
	void send(ByteBuf payload) {
		this.channel.write(new TextWebSocketFrame(payload.duplicate()), this.channel.voidPromise());
	}

	void sendNow(ByteBuf payload) {
		this.channel.writeAndFlush(new TextWebSocketFrame(payload.duplicate()), this.channel.voidPromise());
	}

	void flush() {
		this.channel.flush();
	}

	/**
	 * A growable ring of {@code long} values.
	 */
	static final class LongQueue {

		private long[] values;

		private int head;

		private int size;

		LongQueue(int capacity) {
			this.values = new long[capacity];
		}

		void add(long value) {
			if (this.size == this.values.length) {
				long[] grown = new long[this.values.length * 2];
				for (int i = 0; i < this.size; i++) {
					grown[i] = this.values[(this.head + i) % this.values.length];
				}
				this.values = grown;
				this.head = 0;
			}
			this.values[(this.head + this.size) % this.values.length] = value;
			this.size++;
		}

		long poll() {
			if (this.size == 0) {
				throw new IllegalStateException("Received a message that was never sent");
			}
			long value = this.values[this.head];
			this.head = (this.head + 1) % this.values.length;
			this.size--;
			return value;
		}

		int size() {
			return this.size;
		}

	}

}
