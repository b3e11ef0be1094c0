package io.aerys.websocket.metrics;

import io.aerys.websocket.invoke.Callback;
import io.aerys.websocket.server.CallbackObserver;
import io.aerys.websocket.server.DefaultEndpoint;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Makes the handshake, open and close of every connection (and, when asked, every
 * {@code @OnData} call) a Micrometer {@link Observation}, so that an application with Micrometer
 * Tracing gets spans without code. Keys are low-cardinality: the endpoint's declared path, the
 * callback and the outcome.
 */
public class ObservationCallbackObserver implements CallbackObserver {

	/** The name of the observations. */
	public static final String NAME = "aerys.websocket";

	private final ObservationRegistry registry;

	private final boolean observeData;

	public ObservationCallbackObserver(ObservationRegistry registry, boolean observeData) {
		this.registry = registry;
		this.observeData = observeData;
	}

	@Override
	public @Nullable Observed start(DefaultEndpoint endpoint, Callback callback) {
		if ((callback == Callback.DATA && !this.observeData) || this.registry.isNoop()) {
			return null;
		}
		Observation observation = Observation.createNotStarted(NAME, this.registry)
			.contextualName("websocket " + callback.tag())
			.lowCardinalityKeyValue("endpoint", endpoint.path())
			.lowCardinalityKeyValue("callback", callback.tag())
			.start();
		Observation.Scope scope = observation.openScope();
		return new Observed() {

			@Override
			public void closeScope() {
				scope.close();
			}

			@Override
			public void stop(String outcome, @Nullable Throwable failure) {
				observation.lowCardinalityKeyValue("outcome", outcome);
				if (failure != null) {
					observation.error(failure);
				}
				observation.stop();
			}

		};
	}

}
