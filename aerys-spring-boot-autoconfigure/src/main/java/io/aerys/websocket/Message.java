package io.aerys.websocket;

import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/**
 * A message delivered to {@link OnData} as a stream, before it has fully arrived. Read it once,
 * either whole ({@link #text()}, {@link #bytes()}) or as a stream ({@link #stream()}); the client's
 * reads pause while the unread part is large, so the heap stays bounded whatever the message size.
 */
public interface Message {

	/**
	 * Return whether the message is binary.
	 * @return {@code true} for a binary message, {@code false} for text
	 */
	boolean isBinary();

	/**
	 * Return the whole message as text (UTF-8 decoded if binary).
	 * @return a future completed when the message has fully arrived
	 */
	CompletableFuture<String> text();

	/**
	 * Return the whole message as bytes (UTF-8 encoded if text).
	 * @return a future completed when the message has fully arrived
	 */
	CompletableFuture<byte[]> bytes();

	/**
	 * Return the message as a stream of bytes (UTF-8 if text): reading blocks until more data
	 * arrives or the message ends.
	 * @return the stream
	 */
	InputStream stream();

}
