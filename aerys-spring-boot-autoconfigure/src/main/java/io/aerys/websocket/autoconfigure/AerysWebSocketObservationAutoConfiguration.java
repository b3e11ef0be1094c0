package io.aerys.websocket.autoconfigure;

import io.aerys.websocket.metrics.ObservationCallbackObserver;
import io.aerys.websocket.server.DefaultEndpoints;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Observes connections (and optionally messages) with Micrometer Observation, for tracing.
 */
@AutoConfiguration(after = AerysWebSocketAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean({ ObservationRegistry.class, DefaultEndpoints.class })
public final class AerysWebSocketObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ObservationCallbackObserver aerysCallbackObserver(ObservationRegistry registry, DefaultEndpoints endpoints,
			AerysWebSocketProperties properties) {
		ObservationCallbackObserver observer = new ObservationCallbackObserver(registry,
				properties.getObservations().isData());
		endpoints.setCallbackObserver(observer);
		return observer;
	}

}
