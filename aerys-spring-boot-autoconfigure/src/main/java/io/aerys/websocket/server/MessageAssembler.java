package io.aerys.websocket.server;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Puts together the parts of one client's messages, within the size limits. The container hands
 * over messages in parts of its small buffer, so a limit is a bound on what may be held, never
 * memory set aside per connection. A message in one part costs nothing here.
 */
final class MessageAssembler {

	private final long maxText;

	private final long maxBinary;

	/** The parts of a text message so far, joined once it is complete. */
	private @Nullable List<String> textParts;

	private long textBytes;

	private byte @Nullable [] binary;

	private int binaryLength;

	/** Bytes of the last complete message, for the counters. */
	private long lastSize;

	/** Whether the last complete text message arrived in more than one part. */
	private boolean lastInParts;

	MessageAssembler(EndpointSettings settings) {
		this.maxText = settings.maxTextMessageSize();
		this.maxBinary = settings.maxBinaryMessageSize();
	}

	/**
	 * Add a part of a text message.
	 * @param part the part
	 * @param last whether it ends the message
	 * @param frameBytes the size of the frame the part came in, or -1 if unknown: a message in
	 * one part is one frame, whose size is the part's length in UTF-8
	 * @return the whole message once complete, else {@code null}
	 * @throws MessageTooLargeException if the message passes the limit
	 */
	@Nullable String text(String part, boolean last, long frameBytes) {
		long bytes = this.textBytes + partBytes(part, last, frameBytes);
		if (bytes > this.maxText) {
			reset();
			throw new MessageTooLargeException("text", this.maxText);
		}
		if (last && this.textParts == null) {
			this.lastSize = bytes;
			this.lastInParts = false;
			return part;
		}
		List<String> parts = (this.textParts != null) ? this.textParts : new ArrayList<>();
		parts.add(part);
		if (!last) {
			this.textParts = parts;
			this.textBytes = bytes;
			return null;
		}
		reset();
		this.lastSize = bytes;
		this.lastInParts = true;
		// One copy: the joined string is sized from the parts.
		return String.join("", parts);
	}

	/**
	 * Return the length in UTF-8 of a part: the frame's size when the part is a whole message,
	 * unless that cannot be (UTF-8 takes one to three bytes per character), else counted.
	 */
	private long partBytes(String part, boolean last, long frameBytes) {
		if (last && this.textParts == null && frameBytes >= part.length() && frameBytes <= 3L * part.length()) {
			return frameBytes;
		}
		return Outgoing.utf8Length(part);
	}

	/**
	 * Add a part of a binary message; the part is copied.
	 * @param part the part, valid only during the call
	 * @param last whether it ends the message
	 * @return the whole message once complete, else {@code null}
	 * @throws MessageTooLargeException if the message passes the limit
	 */
	@Nullable ByteBuffer binary(ByteBuffer part, boolean last) {
		int length = part.remaining();
		long total = (long) this.binaryLength + length;
		if (total > this.maxBinary) {
			reset();
			throw new MessageTooLargeException("binary", this.maxBinary);
		}
		byte[] buffer = this.binary;
		if (buffer == null) {
			buffer = new byte[last ? length : Math.max(length * 2, 256)];
		}
		else if (buffer.length < total) {
			buffer = Arrays.copyOf(buffer, (int) Math.min(Math.max(total, buffer.length * 2L), this.maxBinary));
		}
		part.get(buffer, this.binaryLength, length);
		if (!last) {
			this.binary = buffer;
			this.binaryLength = (int) total;
			return null;
		}
		reset();
		this.lastSize = total;
		return ByteBuffer.wrap(buffer, 0, (int) total).slice();
	}

	long lastSize() {
		return this.lastSize;
	}

	/**
	 * Return whether the last complete text message arrived in more than one part, which the
	 * client's transport may then {@link Transport#textArrivedInParts(int) avoid} for the next.
	 * @return whether it was joined from parts
	 */
	boolean lastTextInParts() {
		return this.lastInParts;
	}

	void reset() {
		this.textParts = null;
		this.textBytes = 0;
		this.binary = null;
		this.binaryLength = 0;
	}

}
