package io.aerys.websocket.autoconfigure;

import io.aerys.websocket.actuate.WebSocketsEndpoint;
import io.aerys.websocket.server.DefaultEndpoints;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code websockets} actuator endpoint, when actuator is present and the endpoint exposed.
 */
@AutoConfiguration(after = AerysWebSocketAutoConfiguration.class)
@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
		"org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
@ConditionalOnBean(DefaultEndpoints.class)
public final class AerysWebSocketEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(WebSocketsEndpoint.class)
	WebSocketsEndpoint aerysWebSocketsEndpoint(DefaultEndpoints endpoints) {
		return new WebSocketsEndpoint(endpoints);
	}

}
