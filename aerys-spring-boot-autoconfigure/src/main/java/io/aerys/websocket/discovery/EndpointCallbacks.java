package io.aerys.websocket.discovery;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import io.aerys.websocket.invoke.Callback;
import io.aerys.websocket.invoke.CallbackMethod;
import org.jspecify.annotations.Nullable;

/**
 * The callback methods one endpoint bean declares, each optional.
 */
public final class EndpointCallbacks {

	private static final EndpointCallbacks NONE = new EndpointCallbacks(Map.of());

	private final Map<Callback, CallbackMethod> methods;

	/** The data callback, looked up with every message, so kept apart from the map. */
	private final @Nullable CallbackMethod data;

	private final boolean streamsMessages;

	EndpointCallbacks(Map<Callback, CallbackMethod> methods) {
		this.methods = methods.isEmpty() ? Collections.emptyMap() : new EnumMap<>(methods);
		this.data = methods.get(Callback.DATA);
		this.streamsMessages = this.data != null && this.data.takesStream();
	}

	/**
	 * Return callbacks of an endpoint that declares none.
	 * @return the empty callbacks
	 */
	public static EndpointCallbacks none() {
		return NONE;
	}

	/**
	 * Return the method of a callback.
	 * @param callback the callback
	 * @return its method, or {@code null} if the endpoint does not declare it
	 */
	public @Nullable CallbackMethod get(Callback callback) {
		return (callback == Callback.DATA) ? this.data : this.methods.get(callback);
	}

	/**
	 * Return whether the data callback takes the message as a stream.
	 * @return whether messages must be streamed
	 */
	public boolean streamsMessages() {
		return this.streamsMessages;
	}

}
