package io.aerys.websocket.server;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;

import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;

/**
 * What Tomcat has read from a client and not yet processed: the frames behind the one it is
 * delivering. Tomcat reads as much as the socket holds into its frame input buffer, then hands
 * the frames to the message handler one by one on the same thread; a reply to a message with
 * another one already read behind it can wait in the output buffer and leave with the next
 * reply, one socket write for both. It also tells the size of the frame being delivered, so that
 * a text message that came whole in one frame is not counted again in UTF-8 (at 16 KiB, a pass
 * over the whole text). The Jakarta API tells neither, so this reaches three members: the
 * session's {@code wsFrame} and that frame reader's {@code inputBuffer} and
 * {@code payloadLength}. If they are not there (another container, another Tomcat), {@link #of}
 * returns {@code null} and every reply is written on its own, every text counted.
 */
final class TomcatInput {

	private static final int OPCODE_TEXT = 0x1;

	private static final int OPCODE_BINARY = 0x2;

	private static final int MASK_BYTES = 4;

	private static final @Nullable Handles handles = Handles.find();

	private final ByteBuffer input;

	/** Tomcat's frame reader, if the size of its frames is the size of their data: see {@link #frameBytes()}. */
	private final @Nullable Object frame;

	private TomcatInput(ByteBuffer input, @Nullable Object frame) {
		this.input = input;
		this.frame = frame;
	}

	/**
	 * Return what Tomcat has read from a session, if its container is a Tomcat whose internals are
	 * known.
	 * @param session the session, once open
	 * @return its input, or {@code null}
	 */
	static @Nullable TomcatInput of(Session session) {
		Handles found = handles;
		if (found == null || !found.session.isInstance(session)) {
			return null;
		}
		try {
			Object frame = found.frame.invoke(session);
			ByteBuffer input = (frame != null) ? (ByteBuffer) found.input.invoke(frame) : null;
			// An extension (permessage-deflate) makes the frame's size that of the data transformed.
			boolean sized = found.payloadLength != null && session.getNegotiatedExtensions().isEmpty();
			return (input != null) ? new TomcatInput(input, sized ? frame : null) : null;
		}
		catch (Throwable ex) {
			return null;
		}
	}

	/**
	 * Return whether a whole data message in a single frame is read and waits behind the frame
	 * being delivered, so that Tomcat delivers it next on this thread. Only on the thread that
	 * delivers a message, once its last frame is read whole.
	 * @return whether the next message is read
	 */
	boolean nextMessageRead() {
		return holdsWholeDataFrame(this.input);
	}

	/**
	 * Return the size of the frame being delivered, while its data is delivered: for a text
	 * message delivered in one part, which Tomcat does only for a message in one frame, its
	 * length in UTF-8. Only on the thread that delivers it.
	 * @return the size in bytes, or -1 if unknown
	 */
	long frameBytes() {
		Object frame = this.frame;
		Handles found = handles;
		if (frame == null || found == null || found.payloadLength == null) {
			return -1;
		}
		try {
			return (long) found.payloadLength.invokeExact(frame);
		}
		catch (Throwable ex) {
			return -1;
		}
	}

	/**
	 * Return whether a buffer, from its position to its limit, starts with a whole final text or
	 * binary frame from a client (masked), header and payload.
	 * @param input the bytes read and not yet processed; only read, never moved
	 * @return whether the frame is whole
	 */
	static boolean holdsWholeDataFrame(ByteBuffer input) {
		int position = input.position();
		long available = input.limit() - position;
		if (available < 2) {
			return false;
		}
		int first = input.get(position);
		int second = input.get(position + 1);
		int opcode = first & 0x0F;
		boolean fin = (first & 0x80) != 0;
		boolean masked = (second & 0x80) != 0;
		if (!fin || !masked || (opcode != OPCODE_TEXT && opcode != OPCODE_BINARY)) {
			return false;
		}
		long length = second & 0x7F;
		int header = 2;
		if (length == 126) {
			if (available < 4) {
				return false;
			}
			length = input.getShort(position + 2) & 0xFFFF;
			header = 4;
		}
		else if (length == 127) {
			if (available < 10) {
				return false;
			}
			length = input.getLong(position + 2);
			header = 10;
			if (length < 0) {
				return false;
			}
		}
		return available - header - MASK_BYTES >= length;
	}

	private record Handles(Class<?> session, MethodHandle frame, MethodHandle input,
			@Nullable MethodHandle payloadLength) {

		static @Nullable Handles find() {
			try {
				ClassLoader loader = TomcatInput.class.getClassLoader();
				Class<?> session = Class.forName("org.apache.tomcat.websocket.WsSession", false, loader);
				Class<?> frame = Class.forName("org.apache.tomcat.websocket.WsFrameBase", false, loader);
				MethodHandle frameGetter = MethodHandles.privateLookupIn(session, MethodHandles.lookup())
					.findGetter(session, "wsFrame", frame)
					.asType(MethodType.methodType(Object.class, Object.class));
				MethodHandles.Lookup frameLookup = MethodHandles.privateLookupIn(frame, MethodHandles.lookup());
				MethodHandle inputGetter = frameLookup.findGetter(frame, "inputBuffer", ByteBuffer.class)
					.asType(MethodType.methodType(ByteBuffer.class, Object.class));
				return new Handles(session, frameGetter, inputGetter, payloadLength(frameLookup, frame));
			}
			catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
				return null;
			}
		}

		/** The frame's size alone may be gone while the input is there: texts are then counted. */
		private static @Nullable MethodHandle payloadLength(MethodHandles.Lookup lookup, Class<?> frame) {
			try {
				return lookup.findGetter(frame, "payloadLength", long.class)
					.asType(MethodType.methodType(long.class, Object.class));
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				return null;
			}
		}

	}

}
