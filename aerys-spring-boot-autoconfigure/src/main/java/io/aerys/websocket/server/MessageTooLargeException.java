package io.aerys.websocket.server;

/**
 * A message of a client passed the size limit; the client is closed with 1009.
 */
class MessageTooLargeException extends RuntimeException {

	MessageTooLargeException(String kind, long limit) {
		super("The " + kind + " message is larger than the limit of " + limit + " bytes");
	}

}
