package io.aerys.websocket.discovery;

import java.util.HashSet;
import java.util.Set;

import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PatternParseException;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The validated path pattern of an endpoint and the names of its template variables.
 *
 * @param pattern the pattern as declared
 * @param variableNames the names of its template variables
 */
public record EndpointPath(String pattern, Set<String> variableNames) {

	/**
	 * Parse and check a declared path.
	 * @param beanName the endpoint bean, for the message
	 * @param path the declared path
	 * @return the path
	 * @throws InvalidEndpointException if the path is empty, relative or not a valid pattern
	 */
	public static EndpointPath parse(String beanName, String path) {
		String action = "Declare the path as a Spring path pattern starting with '/', such as "
				+ "@WebsocketEndpoint(\"/chat/{room}\").";
		if (!path.startsWith("/")) {
			throw InvalidEndpointException.forBean(beanName,
					"@WebsocketEndpoint path '" + path + "' is invalid: it must start with '/'", action);
		}
		PathPattern pattern;
		try {
			pattern = PathPatternParser.defaultInstance.parse(path);
		}
		catch (PatternParseException ex) {
			throw InvalidEndpointException.forBean(beanName,
					"@WebsocketEndpoint path '" + path + "' is invalid: " + ex.toDetailedString(), action);
		}
		return new EndpointPath(pattern.getPatternString(), variableNames(path));
	}

	private static Set<String> variableNames(String path) {
		Set<String> names = new HashSet<>();
		int start = path.indexOf('{');
		while (start >= 0) {
			int end = path.indexOf('}', start);
			String variable = path.substring(start + 1, end);
			if (variable.startsWith("*")) {
				variable = variable.substring(1);
			}
			int regex = variable.indexOf(':');
			names.add((regex >= 0) ? variable.substring(0, regex) : variable);
			start = path.indexOf('{', end);
		}
		return Set.copyOf(names);
	}

}
