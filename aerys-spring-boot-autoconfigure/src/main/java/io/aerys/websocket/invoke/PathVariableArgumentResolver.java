package io.aerys.websocket.invoke;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Resolves {@link PathVariable @PathVariable} parameters from the template variables of the path
 * the client connected to, converted to the declared type. The variable name and target type of
 * each parameter are worked out once, not on every message.
 */
final class PathVariableArgumentResolver implements ArgumentResolver {

	private static final TypeDescriptor STRING = TypeDescriptor.valueOf(String.class);

	private final ConversionService conversionService;

	private final Map<MethodParameter, Binding> bindings = new ConcurrentHashMap<>();

	PathVariableArgumentResolver(ConversionService conversionService) {
		this.conversionService = conversionService;
	}

	@Override
	public boolean supportsParameter(Callback callback, MethodParameter parameter) {
		if (!callback.isPerClient() || !parameter.hasParameterAnnotation(PathVariable.class)) {
			return false;
		}
		TypeDescriptor type = new TypeDescriptor(parameter);
		if (!this.conversionService.canConvert(STRING, type)) {
			return false;
		}
		this.bindings.put(parameter, new Binding(PathVariables.name(parameter), type));
		return true;
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, Invocation invocation) {
		Binding binding = this.bindings.get(parameter);
		if (binding == null) {
			binding = new Binding(PathVariables.name(parameter), new TypeDescriptor(parameter));
			this.bindings.put(parameter, binding);
		}
		String value = invocation.client().pathVariables().get(binding.name());
		return (binding.type().getType() == String.class) ? value
				: this.conversionService.convert(value, STRING, binding.type());
	}

	private record Binding(String name, TypeDescriptor type) {
	}

}
