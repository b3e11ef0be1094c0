package io.aerys.websocket.discovery;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import io.aerys.websocket.invoke.Callback;
import io.aerys.websocket.invoke.CallbackMethod;
import io.aerys.websocket.invoke.CallbackMethodFactory;
import io.aerys.websocket.invoke.PathVariables;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Finds the callback methods of an endpoint bean and checks every signature, the way
 * {@code EventListenerMethodProcessor} finds listeners: on the target class of proxies, through
 * meta-annotations, failing with a sentence naming the method and the rule it breaks.
 */
public final class EndpointCallbacksDetector {

	private final CallbackMethodFactory factory;

	public EndpointCallbacksDetector(CallbackMethodFactory factory) {
		this.factory = factory;
	}

	/**
	 * Detect and check the callbacks of one endpoint.
	 * @param beanName the bean name
	 * @param bean the bean, possibly a proxy
	 * @param targetClass the user class behind the bean
	 * @param path the endpoint path
	 * @return the callbacks
	 * @throws InvalidEndpointException if a declaration breaks a rule
	 */
	public EndpointCallbacks detect(String beanName, Object bean, Class<?> targetClass, EndpointPath path) {
		Map<Callback, Method> declared = findDeclared(beanName, targetClass);
		Map<Callback, CallbackMethod> methods = new EnumMap<>(Callback.class);
		declared.forEach((callback, method) -> {
			checkReturnType(beanName, callback, method);
			Method invocable = invocableMethod(beanName, callback, method, bean);
			CallbackMethod callbackMethod;
			try {
				callbackMethod = this.factory.create(callback, bean, invocable);
			}
			catch (IllegalArgumentException ex) {
				throw InvalidEndpointException.forBean(beanName, ex.getMessage(),
						"Change the parameters of " + CallbackMethod.describe(method) + " to ones the callback "
								+ "supports (see the parameter table of the aerys-spring-boot README).");
			}
			checkPathVariables(beanName, callback, method, path);
			methods.put(callback, callbackMethod);
		});
		return new EndpointCallbacks(methods);
	}

	private Map<Callback, Method> findDeclared(String beanName, Class<?> targetClass) {
		Map<Callback, Method> declared = new EnumMap<>(Callback.class);
		Map<Method, Callback> callbackOfMethod = new HashMap<>();
		for (Callback callback : Callback.values()) {
			Set<Method> methods = MethodIntrospector
				.selectMethods(targetClass, (MethodIntrospector.MetadataLookup<Annotation>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, callback.annotation()))
				.keySet();
			if (methods.size() > 1) {
				String names = methods.stream()
					.map(CallbackMethod::describe)
					.sorted()
					.collect(Collectors.joining(" and "));
				throw InvalidEndpointException.forBean(beanName,
						callback.displayName() + " is declared on " + methods.size() + " methods of "
								+ targetClass.getSimpleName() + ", at most one is allowed: " + names,
						"Keep " + callback.displayName() + " on one method of " + targetClass.getSimpleName() + ".");
			}
			for (Method method : methods) {
				Callback other = callbackOfMethod.put(method, callback);
				if (other != null) {
					throw InvalidEndpointException.forBean(beanName,
							"A method may implement one callback only, but " + CallbackMethod.describe(method)
									+ " is annotated with both " + other.displayName() + " and "
									+ callback.displayName(),
							"Split " + CallbackMethod.describe(method) + " into one method per callback.");
				}
				declared.put(callback, method);
			}
		}
		return declared;
	}

	private void checkReturnType(String beanName, Callback callback, Method method) {
		Class<?> returnType = method.getReturnType();
		String rule = switch (callback) {
			case CLOSE, ERROR -> (returnType == void.class) ? null : "must return void";
			case START, STOP -> (returnType == void.class || CompletionStage.class.isAssignableFrom(returnType))
					? null : "must return void or a CompletionStage";
			case HANDSHAKE, OPEN, DATA -> null;
		};
		if (rule != null) {
			throw InvalidEndpointException.forBean(beanName,
					callback.displayName() + " method " + rule + ": " + CallbackMethod.describe(method),
					"Change the return type of " + CallbackMethod.describe(method) + ": " + callback.displayName()
							+ " " + rule.replace("must return", "methods return") + ".");
		}
	}

	private Method invocableMethod(String beanName, Callback callback, Method method, Object bean) {
		try {
			return AopUtils.selectInvocableMethod(method, bean.getClass());
		}
		catch (IllegalStateException ex) {
			throw InvalidEndpointException.forBean(beanName,
					callback.displayName() + " method cannot be called through the proxy of the bean: "
							+ CallbackMethod.describe(method),
					"Declare " + CallbackMethod.describe(method) + " on an interface of the bean, or proxy its "
							+ "class (spring.aop.proxy-target-class=true).");
		}
	}

	private void checkPathVariables(String beanName, Callback callback, Method method, EndpointPath path) {
		for (int i = 0; i < method.getParameterCount(); i++) {
			MethodParameter parameter = new MethodParameter(method, i);
			if (!parameter.hasParameterAnnotation(PathVariable.class)) {
				continue;
			}
			parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
			String name = PathVariables.name(parameter);
			if (!path.variableNames().contains(name)) {
				throw InvalidEndpointException.forBean(beanName,
						callback.displayName() + " method parameter " + i + " is bound to path variable '" + name
								+ "', which path '" + path.pattern() + "' does not declare: "
								+ CallbackMethod.describe(method),
						"Use one of the variables of '" + path.pattern() + "' " + path.variableNames()
								+ " or add '{" + name + "}' to the path.");
			}
		}
	}

}
