package io.aerys.websocket.invoke;

import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Names of {@link PathVariable @PathVariable} parameters.
 */
public final class PathVariables {

	private PathVariables() {
	}

	/**
	 * Return the name of the path variable a parameter is bound to.
	 * @param parameter a parameter annotated with {@link PathVariable}, with name discovery set up
	 * @return the variable name
	 * @throws IllegalStateException if the name is neither in the annotation nor in the class file
	 */
	public static String name(MethodParameter parameter) {
		PathVariable annotation = parameter.getParameterAnnotation(PathVariable.class);
		// Synthesized, so that @PathVariable("room") (the value alias) names the variable too.
		String name = (annotation != null)
				? AnnotationUtils.synthesizeAnnotation(annotation, parameter.getAnnotatedElement()).name() : "";
		if (!StringUtils.hasText(name)) {
			name = parameter.getParameterName();
		}
		if (name == null) {
			throw new IllegalStateException("Name for @PathVariable parameter of type "
					+ parameter.getParameterType().getName() + " not specified, and parameter name information "
					+ "not available via reflection: compile with -parameters or name it in the annotation");
		}
		return name;
	}

}
