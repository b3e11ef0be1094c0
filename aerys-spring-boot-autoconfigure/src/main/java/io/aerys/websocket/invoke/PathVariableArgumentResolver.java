package io.aerys.websocket.invoke;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Resolves {@link PathVariable @PathVariable} parameters from the template variables of the path
 * the client connected to, converted to the declared type.
 */
final class PathVariableArgumentResolver implements ArgumentResolver {

	private static final TypeDescriptor STRING = TypeDescriptor.valueOf(String.class);

	private final ConversionService conversionService;

	PathVariableArgumentResolver(ConversionService conversionService) {
		this.conversionService = conversionService;
	}

	@Override
	public boolean supportsParameter(Callback callback, MethodParameter parameter) {
		return callback.isPerClient() && parameter.hasParameterAnnotation(PathVariable.class)
				&& this.conversionService.canConvert(STRING, new TypeDescriptor(parameter));
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, Invocation invocation) {
		String value = invocation.client().pathVariables().get(PathVariables.name(parameter));
		return this.conversionService.convert(value, STRING, new TypeDescriptor(parameter));
	}

}
