package io.aerys.websocket.autoconfigure;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.aerys.websocket.Endpoint;
import io.aerys.websocket.Endpoints;
import io.aerys.websocket.discovery.EndpointCallbacksDetector;
import io.aerys.websocket.invoke.CallbackMethodFactory;
import io.aerys.websocket.invoke.JacksonPayloadCodec;
import io.aerys.websocket.invoke.PayloadCodec;
import io.aerys.websocket.server.DefaultEndpoints;
import io.aerys.websocket.server.EndpointHandlerMappingFactory;
import io.aerys.websocket.server.EndpointLifecycle;
import io.aerys.websocket.server.EndpointSettings;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.context.annotation.Scope;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;

/**
 * Serves every bean annotated with {@link io.aerys.websocket.WebsocketEndpoint} in a servlet web
 * application, without {@code @EnableWebSocket}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ WebSocketHandler.class, WebSocketHandlerMapping.class })
@ConditionalOnBooleanProperty(name = "aerys.websocket.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AerysWebSocketProperties.class)
public final class AerysWebSocketAutoConfiguration {

	static final String HANDLER_MAPPING_BEAN_NAME = "aerysWebSocketHandlerMapping";

	@Bean
	@ConditionalOnMissingBean(Endpoints.class)
	DefaultEndpoints aerysEndpoints(ConfigurableListableBeanFactory beanFactory, AerysWebSocketProperties properties,
			ObjectProvider<PayloadCodec> codec, Environment environment) {
		ExecutorService executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
				new SynchronousQueue<>(), new CustomizableThreadFactory("aerys-ws-"));
		ScheduledExecutorService timer = Executors
			.newSingleThreadScheduledExecutor(daemon(new CustomizableThreadFactory("aerys-ws-timer-")));
		PayloadCodec payloadCodec = codec.getIfAvailable();
		EndpointCallbacksDetector detector = new EndpointCallbacksDetector(
				new CallbackMethodFactory(DefaultConversionService.getSharedInstance(), payloadCodec));
		// Tomcat's own default; another container's pool is not read.
		int containerThreads = environment.getProperty("server.tomcat.threads.max", Integer.class, 200);
		return new DefaultEndpoints(beanFactory, settings(properties), executor, timer, payloadCodec, detector,
				containerThreads);
	}

	private static CustomizableThreadFactory daemon(CustomizableThreadFactory factory) {
		factory.setDaemon(true);
		return factory;
	}

	static EndpointSettings settings(AerysWebSocketProperties properties) {
		Integer maxConnections = properties.getMaxConnections();
		return new EndpointSettings(properties.getAllowedOrigins(), java.util.List.of(),
				properties.getMaxTextMessageSize().toBytes(), properties.getMaxBinaryMessageSize().toBytes(),
				properties.getPingInterval(), properties.getPongTimeout(), properties.getIdleTimeout(),
				properties.getSendTimeLimit(), properties.getSendBufferLimit().toBytes(),
				(maxConnections != null) ? maxConnections : 0, properties.getMaxPendingMessages(),
				properties.getMessageTimeout(), properties.isCompression(),
				orZero(properties.getInboundRateLimit().getMessagesPerSecond()),
				(properties.getInboundRateLimit().getBytesPerSecond() != null)
						? properties.getInboundRateLimit().getBytesPerSecond().toBytes() : 0,
				properties.getLifecycleTimeout());
	}

	private static long orZero(@Nullable Long value) {
		return (value != null) ? value : 0;
	}

	@ConditionalOnBean(DefaultEndpoints.class)
	@Bean
	@Scope(BeanDefinition.SCOPE_PROTOTYPE)
	@ConditionalOnMissingBean(Endpoint.class)
	Endpoint aerysEndpoint(@Nullable InjectionPoint injectionPoint, Endpoints endpoints) {
		if (injectionPoint != null && injectionPoint.getMember() != null) {
			Class<?> declaringClass = ClassUtils.getUserClass(injectionPoint.getMember().getDeclaringClass());
			for (Endpoint endpoint : endpoints.all()) {
				if (endpoint instanceof io.aerys.websocket.server.DefaultEndpoint defaultEndpoint
						&& defaultEndpoint.endpointClass() == declaringClass) {
					return endpoint;
				}
			}
		}
		if (endpoints.all().size() == 1) {
			return endpoints.all().iterator().next();
		}
		throw new IllegalStateException("Cannot choose the Endpoint to inject"
				+ ((injectionPoint != null) ? " into " + injectionPoint : "") + " among " + endpoints.all().size()
				+ " endpoints: inject Endpoints and call endpoints.get(path) or endpoints.get(EndpointClass.class)");
	}

	@ConditionalOnBean(DefaultEndpoints.class)
	@Bean(name = HANDLER_MAPPING_BEAN_NAME)
	@ConditionalOnMissingBean(name = HANDLER_MAPPING_BEAN_NAME)
	WebSocketHandlerMapping aerysWebSocketHandlerMapping(DefaultEndpoints endpoints) {
		return EndpointHandlerMappingFactory.create(endpoints);
	}

	@ConditionalOnBean(DefaultEndpoints.class)
	@Bean
	@ConditionalOnMissingBean
	EndpointLifecycle aerysEndpointLifecycle(DefaultEndpoints endpoints, AerysWebSocketProperties properties) {
		return new EndpointLifecycle(endpoints, properties.getLifecycleTimeout());
	}

	@Bean
	static LazyInitializationExcludeFilter aerysLazyInitializationExcludeFilter() {
		return LazyInitializationExcludeFilter.forBeanTypes(DefaultEndpoints.class, WebSocketHandlerMapping.class,
				EndpointLifecycle.class, EndpointLifecycles.Starter.class, EndpointLifecycles.Stopper.class);
	}

	@ConditionalOnBean(DefaultEndpoints.class)
	@Bean
	EndpointLifecycles.Starter aerysEndpointStarter(EndpointLifecycle lifecycle) {
		return new EndpointLifecycles.Starter(lifecycle);
	}

	@ConditionalOnBean(DefaultEndpoints.class)
	@Bean
	EndpointLifecycles.Stopper aerysEndpointStopper(EndpointLifecycle lifecycle) {
		return new EndpointLifecycles.Stopper(lifecycle);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "tools.jackson.databind.json.JsonMapper")
	static class JacksonCodecConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		PayloadCodec aerysPayloadCodec(ObjectProvider<tools.jackson.databind.json.JsonMapper> jsonMapper) {
			return new JacksonPayloadCodec(jsonMapper.getIfAvailable(tools.jackson.databind.json.JsonMapper::new));
		}

	}

}
