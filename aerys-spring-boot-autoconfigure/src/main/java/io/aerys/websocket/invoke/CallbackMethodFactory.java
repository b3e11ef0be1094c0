package io.aerys.websocket.invoke;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.convert.ConversionService;

/**
 * Builds {@link CallbackMethod callback methods}, choosing a resolver for each parameter, and
 * says what is wrong with a parameter no resolver supports.
 */
public final class CallbackMethodFactory {

	private static final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final List<ArgumentResolver> resolvers;

	public CallbackMethodFactory(ConversionService conversionService, @Nullable PayloadCodec codec) {
		List<ArgumentResolver> resolvers = new ArrayList<>(ContextArgumentResolvers.all());
		resolvers.add(new PathVariableArgumentResolver(conversionService));
		// Last: it takes any unannotated type on @OnData.
		resolvers.add(new PayloadArgumentResolver(codec));
		this.resolvers = List.copyOf(resolvers);
	}

	/**
	 * Build the callback method, or fail naming the first parameter that is not supported.
	 * @param callback the callback the method implements
	 * @param bean the bean to invoke it on
	 * @param method the method, invocable on the bean
	 * @return the callback method
	 * @throws IllegalArgumentException naming the parameter and the rule it breaks
	 */
	public CallbackMethod create(Callback callback, Object bean, Method method) {
		int count = method.getParameterCount();
		MethodParameter[] parameters = new MethodParameter[count];
		ArgumentResolver[] chosen = new ArgumentResolver[count];
		MethodParameter payload = null;
		for (int i = 0; i < count; i++) {
			MethodParameter parameter = new MethodParameter(method, i);
			parameter.initParameterNameDiscovery(parameterNames);
			ArgumentResolver resolver = find(callback, parameter);
			if (resolver == null) {
				throw new IllegalArgumentException(callback.displayName() + " method parameter " + i + " of type "
						+ parameter.getParameterType().getSimpleName() + " is not supported: "
						+ CallbackMethod.describe(method) + ". " + SupportedParameters.describe(callback));
			}
			if (resolver.isPayload()) {
				if (payload != null) {
					throw new IllegalArgumentException(callback.displayName()
							+ " method may declare at most one message parameter, found "
							+ payload.getParameterType().getSimpleName() + " and "
							+ parameter.getParameterType().getSimpleName() + ": " + CallbackMethod.describe(method));
				}
				payload = parameter;
			}
			parameters[i] = parameter;
			chosen[i] = resolver;
		}
		return new CallbackMethod(callback, bean, method, parameters, chosen);
	}

	private @Nullable ArgumentResolver find(Callback callback, MethodParameter parameter) {
		for (ArgumentResolver resolver : this.resolvers) {
			if (resolver.supportsParameter(callback, parameter)) {
				return resolver;
			}
		}
		return null;
	}

}
