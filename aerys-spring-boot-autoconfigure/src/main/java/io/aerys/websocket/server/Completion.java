package io.aerys.websocket.server;

import org.jspecify.annotations.Nullable;

/**
 * Told when one outbound message has been written to a client, or could not be.
 */
@FunctionalInterface
interface Completion {

	Completion NONE = (failure) -> {
	};

	/**
	 * Called once per target client.
	 * @param failure why the message was not written, or {@code null} if it was
	 */
	void done(@Nullable Throwable failure);

}
