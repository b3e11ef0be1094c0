package io.aerys.websocket.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import io.aerys.websocket.Endpoint;
import io.aerys.websocket.Endpoints;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.discovery.EndpointCallbacksDetector;
import io.aerys.websocket.discovery.EndpointPath;
import io.aerys.websocket.discovery.InvalidEndpointException;
import io.aerys.websocket.invoke.PayloadCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Every endpoint of the application. Endpoints are known from the bean definitions (so that an
 * endpoint class can take its own {@link Endpoint} in its constructor); their callbacks are found
 * and checked once every singleton exists.
 */
public final class DefaultEndpoints implements Endpoints, SmartInitializingSingleton, DisposableBean {

	private static final Log logger = LogFactory.getLog(DefaultEndpoints.class);

	private final ConfigurableListableBeanFactory beanFactory;

	private final EndpointSettings settings;

	private final Executor executor;

	private final ScheduledExecutorService timer;

	private final WritePermits writePermits;

	private final @Nullable PayloadCodec codec;

	private final EndpointCallbacksDetector detector;

	private volatile CallbackObserver observer = CallbackObserver.NONE;

	private volatile @Nullable Map<String, DefaultEndpoint> byPath;

	/**
	 * Create the endpoints of an application.
	 * @param beanFactory the bean factory holding the endpoint beans
	 * @param settings the configured limits
	 * @param executor runs callbacks off the container threads; shut down with the endpoints if it
	 * is an {@link ExecutorService}
	 * @param timer runs the periodic checks of clients; shut down with the endpoints
	 * @param codec encodes and decodes JSON messages, if Jackson is present
	 * @param detector finds and checks the callbacks of endpoint beans
	 * @param containerThreads the web server's maximum of request threads, a quarter of which may
	 * write to clients in place at once
	 */
	public DefaultEndpoints(ConfigurableListableBeanFactory beanFactory, EndpointSettings settings, Executor executor,
			ScheduledExecutorService timer, @Nullable PayloadCodec codec, EndpointCallbacksDetector detector,
			int containerThreads) {
		this.beanFactory = beanFactory;
		this.settings = settings;
		this.executor = executor;
		this.timer = timer;
		this.codec = codec;
		this.detector = detector;
		this.writePermits = new WritePermits(WritePermits.forContainerThreads(containerThreads));
	}

	@Override
	public Endpoint get(String path) {
		DefaultEndpoint endpoint = endpoints().get(path);
		if (endpoint == null) {
			throw new IllegalArgumentException("No endpoint has path '" + path + "'; known paths: " + knownPaths());
		}
		return endpoint;
	}

	@Override
	public Endpoint get(Class<?> endpointClass) {
		Class<?> userClass = ClassUtils.getUserClass(endpointClass);
		for (DefaultEndpoint endpoint : endpoints().values()) {
			if (endpoint.endpointClass() == userClass) {
				return endpoint;
			}
		}
		throw new IllegalArgumentException(
				"No endpoint is implemented by " + endpointClass.getName() + "; known paths: " + knownPaths());
	}

	@Override
	public Collection<Endpoint> all() {
		return List.copyOf(endpoints().values());
	}

	/**
	 * Return every endpoint with its runtime.
	 * @return the endpoints, in bean definition order
	 */
	public Collection<DefaultEndpoint> runtimes() {
		return endpoints().values();
	}

	/**
	 * Return the endpoint of a bean.
	 * @param beanName the bean name of the endpoint, its id in the actuator
	 * @return the endpoint, or {@code null}
	 */
	public @Nullable DefaultEndpoint byId(String beanName) {
		for (DefaultEndpoint endpoint : endpoints().values()) {
			if (endpoint.beanName().equals(beanName)) {
				return endpoint;
			}
		}
		return null;
	}

	private List<String> knownPaths() {
		return new ArrayList<>(endpoints().keySet());
	}

	private Map<String, DefaultEndpoint> endpoints() {
		Map<String, DefaultEndpoint> endpoints = this.byPath;
		if (endpoints == null) {
			synchronized (this) {
				endpoints = this.byPath;
				if (endpoints == null) {
					endpoints = discover();
					this.byPath = endpoints;
				}
			}
		}
		return endpoints;
	}

	private Map<String, DefaultEndpoint> discover() {
		Map<String, DefaultEndpoint> endpoints = new LinkedHashMap<>();
		for (String beanName : this.beanFactory.getBeanNamesForAnnotation(WebsocketEndpoint.class)) {
			WebsocketEndpoint annotation = this.beanFactory.findAnnotationOnBean(beanName, WebsocketEndpoint.class);
			Class<?> type = targetClass(beanName);
			if (annotation == null || type == null) {
				continue;
			}
			EndpointPath path = EndpointPath.parse(beanName, annotation.path());
			DefaultEndpoint existing = endpoints.get(path.pattern());
			if (existing != null) {
				throw new InvalidEndpointException("Endpoints '" + existing.beanName() + "' ("
						+ existing.endpointClass().getName() + ") and '" + beanName + "' (" + type.getName()
						+ ") are both declared on path '" + path.pattern() + "'",
						"Give each @WebsocketEndpoint its own path, or remove one of the two beans.");
			}
			EndpointSettings endpointSettings = this.settings.forEndpoint(annotation.allowedOrigins(),
					annotation.subprotocols());
			EndpointRuntime runtime = new EndpointRuntime(endpointSettings, this.executor, this.timer, this.codec,
					(endpoint, callback) -> this.observer.start(endpoint, callback), logger, this.writePermits);
			endpoints.put(path.pattern(), new DefaultEndpoint(beanName, type, path, runtime));
		}
		return endpoints;
	}

	private @Nullable Class<?> targetClass(String beanName) {
		Class<?> type = AutoProxyUtils.determineTargetClass(this.beanFactory, beanName);
		if (type == null) {
			type = this.beanFactory.getType(beanName);
		}
		return (type != null) ? ClassUtils.getUserClass(type) : null;
	}

	/**
	 * Observe the callback calls of every endpoint, for tracing.
	 * @param observer the observer
	 */
	public void setCallbackObserver(CallbackObserver observer) {
		this.observer = observer;
	}

	/**
	 * Release the threads of the runtime once the endpoints have stopped: a callback still running
	 * finishes, no new one starts.
	 */
	@Override
	public void destroy() {
		this.timer.shutdownNow();
		if (this.executor instanceof ExecutorService executorService) {
			executorService.shutdown();
		}
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (DefaultEndpoint endpoint : endpoints().values()) {
			Object bean = this.beanFactory.getBean(endpoint.beanName());
			endpoint.bind(this.detector.detect(endpoint.beanName(), bean, endpoint.endpointClass(),
					endpoint.endpointPath()));
		}
	}

}
