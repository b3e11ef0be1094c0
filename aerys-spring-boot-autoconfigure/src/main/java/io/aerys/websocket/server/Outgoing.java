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

	/** Texts longer than this are counted by encoding them ({@link Utf8Counter}), others in place. */
	static final int LONG_TEXT = 512;

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
	 * Return the length of a string in UTF-8 without encoding it. A text up to
	 * {@value #LONG_TEXT} characters is counted in place, character by character, which touches no
	 * memory but the text's (a buffer of the client's or the thread's, cold by the next message,
	 * cost as much as the count at 64 B); a longer one by the thread's {@link Utf8Counter}.
	 * @param text the text
	 * @return its size in bytes
	 */
	static int utf8Length(String text) {
		int length = text.length();
		if (length > LONG_TEXT) {
			int bytes = Utf8Counter.count(text);
			if (bytes >= 0) {
				return bytes;
			}
		}
		int bytes = length;
		for (int i = 0; i < length; i++) {
			bytes += extraUtf8Bytes(text.charAt(i));
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
