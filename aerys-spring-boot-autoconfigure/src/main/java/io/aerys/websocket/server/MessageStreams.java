package io.aerys.websocket.server;

import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * Hands the messages of one client to an {@code @OnData} method that streams them: each message
 * starts a callback in the client's mailbox (off the reading thread, which goes on feeding the
 * stream) as soon as its first part arrives.
 */
final class MessageStreams {

	private final DefaultEndpoint endpoint;

	private final EndpointSettings settings;

	private @Nullable StreamingMessage current;

	private long size;

	MessageStreams(DefaultEndpoint endpoint) {
		this.endpoint = endpoint;
		this.settings = endpoint.runtime().settings();
	}

	/**
	 * Add a part of a message. Called by the reading thread only; waits while the callback is
	 * behind.
	 * @param client the client
	 * @param part the bytes of the part
	 * @param binary whether the message is binary
	 * @param last whether the part ends the message
	 * @throws MessageTooLargeException if the message passes the limit
	 */
	void add(Client client, byte[] part, boolean binary, boolean last) {
		StreamingMessage message = this.current;
		if (message == null) {
			StreamingMessage started = new StreamingMessage(binary);
			message = started;
			this.current = started;
			this.size = 0;
			client.mailbox.runAsync(() -> {
				CompletionStage<?> stage = this.endpoint.invoker().data(client, started, -1);
				if (stage == null) {
					started.abandon();
					return null;
				}
				return stage.whenComplete((result, failure) -> started.abandon());
			});
		}
		this.size += part.length;
		long limit = binary ? this.settings.maxBinaryMessageSize() : this.settings.maxTextMessageSize();
		if (this.size > limit) {
			abandon();
			throw new MessageTooLargeException(binary ? "binary" : "text", limit);
		}
		try {
			message.add(part, last);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			abandon();
			return;
		}
		if (last) {
			this.current = null;
			client.received(binary, this.size);
			// Nothing here writes the mailbox's count after the counters (see Client.retire()).
			VarHandle.fullFence();
			client.settleIfRetired();
		}
	}

	void abandon() {
		StreamingMessage message = this.current;
		this.current = null;
		if (message != null) {
			message.abandon();
		}
	}

}
