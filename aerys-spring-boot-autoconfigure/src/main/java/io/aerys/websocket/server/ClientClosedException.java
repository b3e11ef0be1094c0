package io.aerys.websocket.server;

/**
 * Fails a send to a client that is closed, or was dropped before the message could be written.
 */
class ClientClosedException extends IllegalStateException {

	ClientClosedException() {
		super("Client is closed");
	}

	ClientClosedException(String message) {
		super(message);
	}

}
