package io.aerys.websocket.invoke;

/**
 * Thrown when a message cannot be turned into the type an {@code @OnData} method declares. The
 * client is closed with 1007 (invalid payload data).
 */
public class MessageDecodingException extends RuntimeException {

	public MessageDecodingException(String message, Throwable cause) {
		super(message, cause);
	}

}
