package io.aerys.websocket.discovery;

import org.springframework.beans.factory.BeanInitializationException;

/**
 * Thrown at startup when an endpoint is declared in a way that cannot work: a callback signature
 * that breaks a rule, two endpoints on one path, an invalid path.
 */
public class InvalidEndpointException extends BeanInitializationException {

	private final String action;

	public InvalidEndpointException(String message, String action) {
		super(message);
		this.action = action;
	}

	public InvalidEndpointException(String message, String action, Throwable cause) {
		super(message, cause);
		this.action = action;
	}

	static InvalidEndpointException forBean(String beanName, String problem, String action) {
		return new InvalidEndpointException(
				"Failed to process @WebsocketEndpoint on bean with name '" + beanName + "': " + problem, action);
	}

	/**
	 * Return what to change to fix the declaration.
	 * @return the action, as a sentence
	 */
	public String getAction() {
		return this.action;
	}

}
