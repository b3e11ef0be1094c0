package io.aerys.websocket.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import io.aerys.websocket.discovery.EndpointCallbacks;
import io.aerys.websocket.invoke.Callback;
import io.aerys.websocket.invoke.CallbackMethod;
import io.aerys.websocket.invoke.Invocation;
import io.aerys.websocket.invoke.MessageDecodingException;
import io.aerys.websocket.invoke.PayloadCodec;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.CloseStatus;

/**
 * Calls the callbacks of one endpoint for its clients, from their mailboxes: sends what
 * {@code @OnOpen} and {@code @OnData} return, and turns a failure into {@code @OnError} and a close
 * (1007 for a message that does not decode, 1011 otherwise) that no other client notices.
 */
final class EndpointInvoker {

	private static final CloseStatus BAD_DATA = CloseStatus.BAD_DATA;

	private final DefaultEndpoint endpoint;

	private volatile EndpointCallbacks callbacks = EndpointCallbacks.none();

	EndpointInvoker(DefaultEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	void bind(EndpointCallbacks callbacks) {
		this.callbacks = callbacks;
	}

	EndpointCallbacks callbacks() {
		return this.callbacks;
	}

	@Nullable CompletionStage<?> open(Client client) {
		if (this.callbacks.get(Callback.OPEN) == null) {
			closeAndStop(this.endpoint.runtime().observer().start(this.endpoint, Callback.OPEN), null);
			return null;
		}
		return invokeAndReply(Callback.OPEN, client, null, -1);
	}

	/**
	 * Call {@code @OnData} with a message and send what it returns.
	 * @param client the client
	 * @param payload the message
	 * @param size its size in bytes, which a reply of the same text need not count again
	 * @return {@code null}, or the stage the client's next callback waits for
	 */
	@Nullable CompletionStage<?> data(Client client, Object payload, long size) {
		if (this.endpoint.state() != EndpointState.RUNNING || client.isClosing()) {
			return null;
		}
		return invokeAndReply(Callback.DATA, client, payload, size);
	}

	@Nullable CompletionStage<?> closed(Client client, CloseStatus status) {
		client.outbox.shutdown();
		client.outbox.abandonInFlight();
		// Counted before the client leaves the connected ones: whoever sees it gone finds its close code.
		this.endpoint.stats().closed(status.getCode());
		this.endpoint.unregister(client);
		CallbackMethod method = this.callbacks.get(Callback.CLOSE);
		CallbackObserver.Observed observed = this.endpoint.runtime().observer().start(this.endpoint, Callback.CLOSE);
		long start = this.endpoint.stats().callbackStart();
		try {
			if (method != null) {
				method.invoke(Invocation.ofClose(this.endpoint, client, status));
				this.endpoint.stats().callbackEnded(Callback.CLOSE, true, start);
			}
			closeAndStop(observed, null);
		}
		catch (Throwable ex) {
			closeAndStop(observed, ex);
			this.endpoint.stats().callbackEnded(Callback.CLOSE, false, start);
			this.endpoint.stats().error(ex);
			this.endpoint.runtime().logger().error("@OnClose of " + client + " failed", ex);
		}
		finally {
			client.closed().complete(null);
		}
		return null;
	}

	private @Nullable CompletionStage<?> invokeAndReply(Callback callback, Client client, @Nullable Object payload,
			long size) {
		CallbackMethod method = this.callbacks.get(callback);
		if (method == null) {
			return null;
		}
		Object result;
		EndpointStats stats = this.endpoint.stats();
		CallbackObserver.Observed observed = this.endpoint.runtime().observer().start(this.endpoint, callback);
		long start = stats.callbackStart();
		try {
			result = (payload != null) ? client.messageInvocation.invoke(method, payload)
					: method.invoke(Invocation.ofClient(this.endpoint, client));
		}
		catch (Throwable ex) {
			stats.callbackEnded(callback, false, start);
			stop(observed, ex);
			failed(client, ex);
			return null;
		}
		finally {
			if (observed != null) {
				observed.closeScope();
			}
		}
		if (result instanceof CompletionStage<?> stage) {
			return stage.whenComplete((value, failure) -> {
				stats.callbackEnded(callback, failure == null, start);
				stop(observed, failure);
				if (failure != null) {
					failed(client, failure);
				}
				else {
					reply(client, value, payload, size);
				}
			});
		}
		stats.callbackEnded(callback, true, start);
		stop(observed, null);
		reply(client, result, payload, size);
		return null;
	}

	private static void closeAndStop(CallbackObserver.@Nullable Observed observed, @Nullable Throwable failure) {
		if (observed != null) {
			observed.closeScope();
			observed.stop(failure);
		}
	}

	private static void stop(CallbackObserver.@Nullable Observed observed, @Nullable Throwable failure) {
		if (observed != null) {
			observed.stop(failure);
		}
	}

	/**
	 * Send what a callback returned.
	 * @param client the client
	 * @param value what it returned
	 * @param payload the message it was called with, or {@code null}
	 * @param size the size of that message in bytes: a text returned as it came is not counted again
	 */
	private void reply(Client client, @Nullable Object value, @Nullable Object payload, long size) {
		if (value == null) {
			return;
		}
		if (value instanceof String text) {
			client.reply(text, (value == payload) ? (int) size : Outgoing.utf8Length(text));
		}
		else if (value instanceof byte[] bytes) {
			client.send(Outgoing.binary(ByteBuffer.wrap(bytes), Completion.NONE));
		}
		else if (value instanceof ByteBuffer buffer) {
			client.send(Outgoing.binary(buffer, Completion.NONE));
		}
		else {
			PayloadCodec codec = this.endpoint.runtime().codec();
			if (codec == null) {
				failed(client, new IllegalStateException("Cannot send a " + value.getClass().getName()
						+ " without Jackson on the classpath: return a String, byte[] or ByteBuffer"));
				return;
			}
			client.send(Outgoing.text(codec.encode(value), Completion.NONE));
		}
	}

	/**
	 * Log a failure no {@code @OnError} took. What a client can cause by itself (a message that
	 * does not decode, a stream it abandoned) is its problem, not the server's: one line at WARN,
	 * the stack trace at DEBUG, so a bad client cannot flood the log with stack traces.
	 */
	private void logUnhandled(Client client, Throwable cause) {
		Log logger = this.endpoint.runtime().logger();
		boolean causedByClient = cause instanceof MessageDecodingException
				|| (cause instanceof IOException && (client.isClosing() || !client.session().isOpen()));
		if (causedByClient) {
			if (logger.isDebugEnabled()) {
				logger.debug("Closing " + client + ": " + cause.getMessage(), cause);
			}
			else {
				logger.warn("Closing " + client + ": " + cause.getMessage()
						+ ((cause.getCause() != null) ? " (" + cause.getCause().getMessage() + ")" : ""));
			}
			return;
		}
		logger.error("Callback of " + client + " failed", cause);
	}

	/**
	 * Report a failure of a callback or a message to {@code @OnError} (or the log) and close the
	 * client.
	 * @param client the client
	 * @param failure what went wrong
	 */
	void failed(Client client, Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
				? failure.getCause() : failure;
		this.endpoint.stats().error(cause);
		CallbackMethod onError = this.callbacks.get(Callback.ERROR);
		boolean handled = false;
		if (onError != null && onError.acceptsFailure(cause)) {
			long start = this.endpoint.stats().callbackStart();
			try {
				onError.invoke(Invocation.ofError(this.endpoint, client, cause));
				this.endpoint.stats().callbackEnded(Callback.ERROR, true, start);
				handled = true;
			}
			catch (Throwable ex) {
				this.endpoint.stats().callbackEnded(Callback.ERROR, false, start);
				this.endpoint.runtime().logger().error("@OnError of " + client + " failed while handling " + cause, ex);
			}
		}
		if (!handled) {
			logUnhandled(client, cause);
		}
		client.close((cause instanceof MessageDecodingException) ? BAD_DATA
				: CloseStatus.SERVER_ERROR.withReason("Internal error"));
	}

}
