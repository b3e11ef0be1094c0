package io.aerys.websocket.invoke;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Resolves the arguments of one kind of callback parameter. Whether a parameter is supported is
 * decided once at startup; {@link #resolveArgument} then runs on every call.
 */
interface ArgumentResolver {

	/**
	 * Return whether this resolver provides the parameter of this callback.
	 * @param callback the callback the method implements
	 * @param parameter the parameter
	 * @return whether it is supported
	 */
	boolean supportsParameter(Callback callback, MethodParameter parameter);

	/**
	 * Resolve the argument for one call.
	 * @param parameter the parameter
	 * @param invocation the inputs of the call
	 * @return the argument
	 * @throws Exception if the argument cannot be produced, such as a message that does not decode
	 */
	@Nullable Object resolveArgument(MethodParameter parameter, Invocation invocation) throws Exception;

	/**
	 * Return whether the parameter receives the message itself (at most one per method).
	 * @return whether this resolver reads the payload
	 */
	default boolean isPayload() {
		return false;
	}

}
