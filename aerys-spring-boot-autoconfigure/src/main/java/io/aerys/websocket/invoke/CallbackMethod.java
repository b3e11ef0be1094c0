package io.aerys.websocket.invoke;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.util.ReflectionUtils;

/**
 * One callback method of an endpoint bean, with the resolver of each of its parameters chosen at
 * startup. Calls resolve the arguments and invoke the method; nothing is looked up per call.
 * <p>
 * The method is called through a method handle taking its arguments one by one, so that a call
 * allocates no argument array (methods with more than {@value #MAX_UNSPREAD_ARITY} parameters
 * still get one).
 */
public final class CallbackMethod {

	private static final int MAX_UNSPREAD_ARITY = 4;

	private final Callback callback;

	private final Method method;

	private final MethodParameter[] parameters;

	private final ArgumentResolver[] resolvers;

	/** The method bound to the bean, of type {@code (Object...)Object} with one parameter per argument. */
	private final MethodHandle handle;

	/** Asked for every message, so decided once. */
	private final boolean takesStream;

	CallbackMethod(Callback callback, Object bean, Method method, MethodParameter[] parameters,
			ArgumentResolver[] resolvers) {
		this.callback = callback;
		this.method = method;
		this.parameters = parameters;
		this.resolvers = resolvers;
		ReflectionUtils.makeAccessible(method);
		this.handle = handle(bean, method);
		this.takesStream = takesStream(parameters);
	}

	private static MethodHandle handle(Object bean, Method method) {
		MethodHandle handle;
		try {
			handle = MethodHandles.lookup().unreflect(method).asFixedArity();
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot call " + describe(method), ex);
		}
		if (!Modifier.isStatic(method.getModifiers())) {
			handle = handle.bindTo(bean);
		}
		int arity = method.getParameterCount();
		if (arity > MAX_UNSPREAD_ARITY) {
			return handle.asSpreader(Object[].class, arity).asType(MethodType.methodType(Object.class, Object[].class));
		}
		return handle.asType(MethodType.genericMethodType(arity));
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
		return this.takesStream;
	}

	private static boolean takesStream(MethodParameter[] parameters) {
		for (MethodParameter parameter : parameters) {
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
		return switch (this.resolvers.length) {
			case 0 -> this.handle.invokeExact();
			case 1 -> this.handle.invokeExact(argument(0, invocation));
			case 2 -> this.handle.invokeExact(argument(0, invocation), argument(1, invocation));
			case 3 -> this.handle.invokeExact(argument(0, invocation), argument(1, invocation),
					argument(2, invocation));
			case 4 -> this.handle.invokeExact(argument(0, invocation), argument(1, invocation),
					argument(2, invocation), argument(3, invocation));
			default -> this.handle.invokeExact(arguments(invocation));
		};
	}

	private @Nullable Object argument(int index, Invocation invocation) throws Exception {
		return this.resolvers[index].resolveArgument(this.parameters[index], invocation);
	}

	private @Nullable Object[] arguments(Invocation invocation) throws Exception {
		@Nullable Object[] arguments = new Object[this.resolvers.length];
		for (int i = 0; i < arguments.length; i++) {
			arguments[i] = argument(i, invocation);
		}
		return arguments;
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
