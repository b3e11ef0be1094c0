package io.aerys.websocket.discovery;

import java.util.concurrent.atomic.AtomicInteger;

import io.aerys.websocket.OnData;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.test.TestClient;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An endpoint behind an AOP proxy is found on its target class and called through the proxy, so
 * its advice applies.
 */
@SpringBootTest(classes = ProxiedEndpointTests.ProxiedApp.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProxiedEndpointTests {

	static final AtomicInteger advised = new AtomicInteger();

	@LocalServerPort
	int port;

	@Autowired
	ProxiedSocket socket;

	@Test
	void callsCallbacksThroughTheProxy() {
		assertThat(AopUtils.isCglibProxy(this.socket)).isTrue();
		int before = advised.get();
		try (TestClient client = TestClient.connect("ws://localhost:" + this.port + "/proxied")) {
			client.send("hi");
			assertThat(client.nextText()).isEqualTo("advised: hi");
		}
		assertThat(advised.get()).isGreaterThan(before);
	}

	@SpringBootApplication
	@Import(ProxiedSocket.class)
	static class ProxiedApp {

		@Bean
		static BeanPostProcessor advisingPostProcessor() {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (!(bean instanceof ProxiedSocket)) {
						return bean;
					}
					ProxyFactory factory = new ProxyFactory(bean);
					factory.setProxyTargetClass(true);
					factory.addAdvice((MethodInterceptor) (invocation) -> {
						advised.incrementAndGet();
						Object result = invocation.proceed();
						return (result instanceof String text) ? "advised: " + text : result;
					});
					return factory.getProxy();
				}
			};
		}

	}

	@WebsocketEndpoint("/proxied")
	static class ProxiedSocket {

		@OnData
		public String data(String text) {
			return text;
		}

	}

}
