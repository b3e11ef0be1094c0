package io.aerys.websocket.server;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.CloseStatus;

/**
 * One outbound message, shared by every client of a broadcast: text, binary or a close.
 *
 * @param text the text, for a text message
 * @param binary the bytes (read through a duplicate), for a binary message
 * @param close the status, for a close
 * @param size the payload size in bytes, counted against the send buffer limit
 * @param completion told once per target
 */
record Outgoing(@Nullable String text, @Nullable ByteBuffer binary, @Nullable CloseStatus close, int size,
		Completion completion) {

	/** Texts up to this length are counted in place, longer ones a chunk at a time. */
	static final int SHORT_TEXT = 32;

	/** The length of a buffer for {@link #utf8Length(String, char[])}. */
	static final int CHUNK = 256;

	/** Texts longer than this are counted by encoding them ({@link Utf8Counter}). */
	static final int LONG_TEXT = 512;

	private static final ThreadLocal<char[]> chunks = ThreadLocal.withInitial(() -> new char[CHUNK]);

	static Outgoing text(String text, Completion completion) {
		return new Outgoing(text, null, null, utf8Length(text), completion);
	}

	/**
	 * Create a text message whose size is known already, such as a message sent back as it came.
	 * @param text the text
	 * @param size its length in UTF-8
	 * @param completion told once per target
	 * @return the message
	 */
	static Outgoing text(String text, int size, Completion completion) {
		return new Outgoing(text, null, null, size, completion);
	}

	static Outgoing binary(ByteBuffer data, Completion completion) {
		return new Outgoing(null, data, null, data.remaining(), completion);
	}

	static Outgoing close(CloseStatus status, Completion completion) {
		return new Outgoing(null, null, status, 0, completion);
	}

	boolean isText() {
		return this.text != null;
	}

	/**
	 * Return the length of a string in UTF-8 without encoding it.
	 * @param text the text
	 * @return its size in bytes
	 */
	static int utf8Length(String text) {
		return utf8Length(text, null);
	}

	/**
	 * Return the length of a string in UTF-8 without encoding it. A short text (up to
	 * {@value #SHORT_TEXT} characters) is counted in place, a long one (over {@value #LONG_TEXT})
	 * by the thread's {@link Utf8Counter}, and one in between through a buffer: the caller's if
	 * given. The receiving side keeps one per client, which spares each message the lookup of a
	 * thread's buffer (as costly as the count itself at 64 B).
	 * @param text the text
	 * @param chunk a buffer of any length for a text in between, or {@code null} for the thread's
	 * @return its size in bytes
	 */
	static int utf8Length(String text, char @Nullable [] chunk) {
		int length = text.length();
		if (length <= SHORT_TEXT) {
			int bytes = length;
			for (int i = 0; i < length; i++) {
				bytes += extraUtf8Bytes(text.charAt(i));
			}
			return bytes;
		}
		if (length > LONG_TEXT) {
			int bytes = Utf8Counter.count(text);
			if (bytes >= 0) {
				return bytes;
			}
		}
		return utf8LengthThrough(text, (chunk != null) ? chunk : chunks.get());
	}

	/**
	 * Count a text copied into a buffer a chunk at a time: a loop over a char array compiles to far
	 * less than one of charAt calls (up to 8 times less on JDK 25).
	 */
	private static int utf8LengthThrough(String text, char[] chunk) {
		int length = text.length();
		int bytes = length;
		for (int start = 0; start < length; start += chunk.length) {
			int end = Math.min(start + chunk.length, length);
			text.getChars(start, end, chunk, 0);
			for (int i = 0; i < end - start; i++) {
				bytes += extraUtf8Bytes(chunk[i]);
			}
		}
		return bytes;
	}

	private static int extraUtf8Bytes(char c) {
		if (c < 0x80) {
			return 0;
		}
		return (c < 0x800 || Character.isSurrogate(c)) ? 1 : 2;
	}

}
