package io.aerys.websocket.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.aerys.websocket.Message;
import org.jspecify.annotations.Nullable;

/**
 * A message handed to {@code @OnData} while it still arrives. The reading thread puts each part
 * in a small bounded queue and waits while the queue is full, so the heap holds a few parts of the
 * message whatever its size, and the client's socket is read no faster than the callback consumes.
 */
final class StreamingMessage implements Message {

	/** Parts queued at most: with the container's 8 KiB parts, about 128 KiB per message. */
	private static final int CAPACITY = 16;

	private static final byte[] END = new byte[0];

	private final boolean binary;

	private final BlockingQueue<byte[]> parts = new ArrayBlockingQueue<>(CAPACITY);

	private final Stream stream = new Stream();

	private volatile boolean abandoned;

	private boolean read;

	StreamingMessage(boolean binary) {
		this.binary = binary;
	}

	/**
	 * Add a part, waiting while the reader is behind. Called by the reading thread only.
	 * @param part the bytes, copied by the caller
	 * @param last whether the part ends the message
	 * @throws InterruptedException if the reading thread is interrupted
	 */
	void add(byte[] part, boolean last) throws InterruptedException {
		put(part);
		if (last) {
			put(END);
		}
	}

	private void put(byte[] part) throws InterruptedException {
		while (!this.abandoned) {
			if (this.parts.offer(part, 100, TimeUnit.MILLISECONDS)) {
				return;
			}
		}
	}

	/**
	 * Stop waiting for a reader: the callback returned, or the client went away.
	 */
	void abandon() {
		this.abandoned = true;
		this.parts.clear();
	}

	@Override
	public boolean isBinary() {
		return this.binary;
	}

	@Override
	public CompletableFuture<String> text() {
		return bytes().thenApply((bytes) -> new String(bytes, StandardCharsets.UTF_8));
	}

	@Override
	public CompletableFuture<byte[]> bytes() {
		try (InputStream in = stream()) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			in.transferTo(out);
			return CompletableFuture.completedFuture(out.toByteArray());
		}
		catch (IOException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	public synchronized InputStream stream() {
		if (this.read) {
			throw new IllegalStateException("The message has already been read");
		}
		this.read = true;
		return this.stream;
	}

	private final class Stream extends InputStream {

		private byte @Nullable [] current;

		private int position;

		private boolean ended;

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xFF);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			byte[] current = next();
			if (current == null) {
				return -1;
			}
			int count = Math.min(length, current.length - this.position);
			System.arraycopy(current, this.position, buffer, offset, count);
			this.position += count;
			return count;
		}

		private byte @Nullable [] next() throws IOException {
			while (!this.ended && (this.current == null || this.position == this.current.length)) {
				byte[] part;
				try {
					part = StreamingMessage.this.parts.poll(100, TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new InterruptedIOException("Interrupted while waiting for the message");
				}
				if (StreamingMessage.this.abandoned) {
					throw new IOException("The client closed before the message ended");
				}
				if (part == END) {
					this.ended = true;
				}
				else if (part != null) {
					this.current = part;
					this.position = 0;
				}
			}
			return this.ended ? null : this.current;
		}

	}

}
