package io.aerys.benchmarks.server;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * The raw Spring WebSocket server users would write without the starter, switched off unless
 * the {@code baseline} profile is active (and the starter switched off when it is).
 */
@Profile("baseline")
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class BaselineConfiguration implements WebSocketConfigurer {

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(new BaselineEcho(), "/echo");
		registry.addHandler(new BaselineBroadcast(), "/broadcast");
	}

	/**
	 * A whole-message handler needs Tomcat's message buffer to hold the largest message (8 KiB
	 * by default): what a user must configure for messages larger than that, and nothing else.
	 * @param textBufferSize the buffer size in characters, 0 for Tomcat's default
	 * @return the container configuration
	 */
	@Bean
	ServletServerContainerFactoryBean webSocketContainer(
			@Value("${bench.baseline.text-buffer-size:0}") int textBufferSize) {
		ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
		if (textBufferSize > 0) {
			container.setMaxTextMessageBufferSize(textBufferSize);
		}
		return container;
	}

}
