package io.aerys.websocket.invoke;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.util.ReflectionUtils;

/**
 * One callback method of an endpoint bean, with the resolver of each of its parameters chosen at
 * startup. Calls resolve the arguments and invoke the method; nothing is looked up per call.
 */
public final class CallbackMethod {

	private final Callback callback;

	private final Object bean;

	private final Method method;

	private final MethodParameter[] parameters;

	private final ArgumentResolver[] resolvers;

	CallbackMethod(Callback callback, Object bean, Method method, MethodParameter[] parameters,
			ArgumentResolver[] resolvers) {
		this.callback = callback;
		this.bean = bean;
		this.method = method;
		this.parameters = parameters;
		this.resolvers = resolvers;
		ReflectionUtils.makeAccessible(method);
	}

	public Callback callback() {
		return this.callback;
	}

	public Method method() {
		return this.method;
	}

	/**
	 * Return whether the method takes the message as a {@link io.aerys.websocket.Message} stream.
	 * @return whether the message must be streamed to the method
	 */
	public boolean takesStream() {
		for (MethodParameter parameter : this.parameters) {
			if (parameter.getParameterType() == io.aerys.websocket.Message.class) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return whether an {@code @OnError} method takes this failure: its {@code Throwable}
	 * parameter, if any, is of a type the failure is an instance of.
	 * @param failure the failure
	 * @return whether the method should be called for it
	 */
	public boolean acceptsFailure(Throwable failure) {
		for (MethodParameter parameter : this.parameters) {
			if (Throwable.class.isAssignableFrom(parameter.getParameterType())) {
				return parameter.getParameterType().isInstance(failure);
			}
		}
		return true;
	}

	/**
	 * Resolve the arguments and invoke the method.
	 * @param invocation the inputs of the call
	 * @return what the method returned
	 * @throws Throwable what the method threw, unwrapped, or a failure resolving an argument
	 */
	public @Nullable Object invoke(Invocation invocation) throws Throwable {
		Object[] args = new Object[this.resolvers.length];
		for (int i = 0; i < args.length; i++) {
			args[i] = this.resolvers[i].resolveArgument(this.parameters[i], invocation);
		}
		try {
			return this.method.invoke(this.bean, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	@Override
	public String toString() {
		return describe(this.method);
	}

	/**
	 * Describe a method as messages name it: {@code ChatSocket#close(long, int, String)}.
	 * @param method the method
	 * @return the description
	 */
	public static String describe(Method method) {
		StringBuilder description = new StringBuilder(method.getDeclaringClass().getSimpleName()).append('#')
			.append(method.getName())
			.append('(');
		Class<?>[] types = method.getParameterTypes();
		for (int i = 0; i < types.length; i++) {
			description.append((i > 0) ? ", " : "").append(types[i].getSimpleName());
		}
		return description.append(')').toString();
	}

}
