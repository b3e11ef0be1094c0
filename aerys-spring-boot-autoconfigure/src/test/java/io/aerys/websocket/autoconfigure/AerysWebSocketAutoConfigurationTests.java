package io.aerys.websocket.autoconfigure;

import io.aerys.websocket.Endpoint;
import io.aerys.websocket.Endpoints;
import io.aerys.websocket.OnClose;
import io.aerys.websocket.OnData;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.invoke.PayloadCodec;
import io.aerys.websocket.server.DefaultEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.mockito.Mockito.mock;

/**
 * When the auto-configuration applies, when it backs off, and what it leaves to the user.
 */
@ExtendWith(OutputCaptureExtension.class)
class AerysWebSocketAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AerysWebSocketAutoConfiguration.class))
		.withBean("chatSocket", ChatSocket.class);

	@Test
	void servesAnnotatedBeansWithoutEnableWebSocket() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(WebSocketHandlerMapping.class);
			WebSocketHandlerMapping mapping = context.getBean(WebSocketHandlerMapping.class);
			assertThat(mapping.getUrlMap()).containsOnlyKeys("/chat/{room}");
			assertThat(context.getBean(Endpoints.class).get("/chat/{room}").path()).isEqualTo("/chat/{room}");
		});
	}

	@Test
	void keepsTheBeanNameOfTheEndpointRatherThanItsPath() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AerysWebSocketAutoConfiguration.class))
			.withUserConfiguration(ScannedConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeanNamesForType(io.aerys.websocket.autoconfigure.scanned.ScannedSocket.class))
					.containsExactly("scannedSocket");
				assertThat(context.containsBean("/scanned")).isFalse();
				assertThat(context.getBean(Endpoints.class).get("/scanned")).isNotNull();
			});
	}

	@Test
	void backsOffWhenNotAServletWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AerysWebSocketAutoConfiguration.class))
			.withBean(ChatSocket.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(Endpoints.class);
				assertThat(context).doesNotHaveBean(WebSocketHandlerMapping.class);
			});
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("aerys.websocket.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(Endpoints.class);
			assertThat(context).doesNotHaveBean(WebSocketHandlerMapping.class);
		});
	}

	@Test
	void backsOffForEndpointsTheUserDefines() {
		Endpoints own = mock(Endpoints.class);
		this.runner.withBean(Endpoints.class, () -> own).run((context) -> {
			assertThat(context).getBean(Endpoints.class).isSameAs(own);
			assertThat(context).doesNotHaveBean(DefaultEndpoints.class);
			assertThat(context).doesNotHaveBean(WebSocketHandlerMapping.class);
		});
	}

	@Test
	void backsOffForACodecTheUserDefines() {
		PayloadCodec own = mock(PayloadCodec.class);
		this.runner.withBean(PayloadCodec.class, () -> own)
			.run((context) -> assertThat(context).getBean(PayloadCodec.class).isSameAs(own));
	}

	@Test
	void startsWithoutJackson() {
		this.runner.withClassLoader(new FilteredClassLoader("tools.jackson")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(PayloadCodec.class);
			assertThat(context).hasSingleBean(Endpoints.class);
		});
	}

	@Test
	void injectsTheEndpointOfTheOnlyEndpointAnywhere() {
		this.runner.withBean(Sender.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(Sender.class).endpoint.path()).isEqualTo("/chat/{room}");
		});
	}

	@Test
	void refusesToGuessWhichEndpointToInjectAmongSeveral() {
		this.runner.withBean("otherSocket", OtherSocket.class).withBean(Sender.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Cannot choose the Endpoint to inject")
				.hasMessageContaining("endpoints.get(path)");
		});
	}

	@Test
	void publishesMetersWhenARegistryExists() {
		this.runner.withConfiguration(AutoConfigurations.of(AerysWebSocketMetricsAutoConfiguration.class))
			.withBean(io.micrometer.core.instrument.MeterRegistry.class,
					io.micrometer.core.instrument.simple.SimpleMeterRegistry::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(io.aerys.websocket.metrics.WebSocketMetrics.class);
				io.micrometer.core.instrument.MeterRegistry registry = context
					.getBean(io.micrometer.core.instrument.MeterRegistry.class);
				context.getBean(io.aerys.websocket.metrics.WebSocketMetrics.class).bindTo(registry);
				assertThat(registry.get("aerys.websocket.connections.active").tag("endpoint", "/chat/{room}").gauge()
					.value()).isZero();
			});
	}

	@Test
	void removesTheMetersWhenDisabled() {
		this.runner.withConfiguration(AutoConfigurations.of(AerysWebSocketMetricsAutoConfiguration.class))
			.withBean(io.micrometer.core.instrument.MeterRegistry.class,
					io.micrometer.core.instrument.simple.SimpleMeterRegistry::new)
			.withPropertyValues("aerys.websocket.metrics.enabled=false")
			.run((context) -> assertThat(context)
				.doesNotHaveBean(io.aerys.websocket.metrics.WebSocketMetrics.class));
	}

	@Test
	void startsWithoutMicrometer() {
		this.runner.withConfiguration(AutoConfigurations.of(AerysWebSocketMetricsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(Endpoints.class);
				assertThat(context).doesNotHaveBean(io.aerys.websocket.metrics.WebSocketMetrics.class);
			});
	}

	@Test
	void keepsItsInfrastructureEagerUnderLazyInitialization() {
		this.runner.run((context) -> {
			LazyInitializationExcludeFilter filter = context.getBean(LazyInitializationExcludeFilter.class);
			assertThat(filter.isExcluded("aerysEndpoints", null, DefaultEndpoints.class)).isTrue();
			assertThat(filter.isExcluded("aerysWebSocketHandlerMapping", null, WebSocketHandlerMapping.class))
				.isTrue();
		});
	}

	@Test
	void reportsAnInvalidEndpointWithWhatToChange(CapturedOutput output) {
		SpringApplication application = new SpringApplication(InvalidApp.class);
		assertThatException().isThrownBy(() -> application.run("--server.port=0"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("@OnClose method must return void: BadSocket#close(long)")
			.contains("Change the return type of BadSocket#close(long)");
	}

	@WebsocketEndpoint("/chat/{room}")
	static class ChatSocket {

		@OnData
		String data(String text) {
			return text;
		}

	}

	@WebsocketEndpoint("/other")
	static class OtherSocket {

	}

	static class Sender {

		final Endpoint endpoint;

		Sender(Endpoint endpoint) {
			this.endpoint = endpoint;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@org.springframework.context.annotation.ComponentScan(
			basePackageClasses = io.aerys.websocket.autoconfigure.scanned.ScannedSocket.class)
	static class ScannedConfiguration {

	}

	@WebsocketEndpoint("/bad")
	static class BadSocket {

		@OnClose
		int close(long clientId) {
			return 0;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(BadSocket.class)
	static class InvalidApp {

	}

}
