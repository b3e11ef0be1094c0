package io.aerys.websocket.server;

import io.aerys.websocket.invoke.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Observes callback calls, for tracing. A call is started before the method runs (so that what
 * the callback does is seen inside it), its scope closed when the method returns, and stopped when
 * its outcome is known (a returned stage may complete later).
 */
public interface CallbackObserver {

	/** The outcome of a call that succeeded. */
	String SUCCESS = "success";

	/** The outcome of a call that failed. */
	String ERROR = "error";

	/** The outcome of a handshake that was refused. */
	String REJECTED = "rejected";

	/** Observes nothing. */
	CallbackObserver NONE = new CallbackObserver() {

		@Override
		public @Nullable Observed start(DefaultEndpoint endpoint, Callback callback) {
			return null;
		}

	};

	/**
	 * Start observing one call.
	 * @param endpoint the endpoint
	 * @param callback the callback
	 * @return the observed call, or {@code null} if this callback is not observed
	 */
	@Nullable Observed start(DefaultEndpoint endpoint, Callback callback);

	/**
	 * One observed call.
	 */
	interface Observed {

		/**
		 * Leave the scope of the call, on the thread that started it.
		 */
		void closeScope();

		/**
		 * End the call.
		 * @param outcome {@link #SUCCESS}, {@link #ERROR} or {@link #REJECTED}
		 * @param failure what it threw, or {@code null}
		 */
		void stop(String outcome, @Nullable Throwable failure);

		/**
		 * End the call.
		 * @param failure what it threw, or {@code null} if it succeeded
		 */
		default void stop(@Nullable Throwable failure) {
			stop((failure != null) ? ERROR : SUCCESS, failure);
		}

	}

}
