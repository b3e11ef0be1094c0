package io.aerys.websocket.autoconfigure;

import io.aerys.websocket.metrics.WebSocketMetrics;
import io.aerys.websocket.server.DefaultEndpoints;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Publishes the {@code aerys.websocket.*} meters when Micrometer has a registry.
 */
@AutoConfiguration(after = AerysWebSocketAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, DefaultEndpoints.class })
@ConditionalOnBooleanProperty(name = "aerys.websocket.metrics.enabled", matchIfMissing = true)
public final class AerysWebSocketMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WebSocketMetrics aerysWebSocketMetrics(DefaultEndpoints endpoints) {
		return new WebSocketMetrics(endpoints);
	}

}
