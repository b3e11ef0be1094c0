package io.aerys.websocket;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Declares a bean as a WebSocket endpoint served at a path. Its methods annotated with
 * {@link OnStart}, {@link OnHandshake}, {@link OnOpen}, {@link OnData}, {@link OnClose},
 * {@link OnError} and {@link OnStop} are its callbacks; each is optional.
 * <p>
 * The annotation is a {@link Component} stereotype, but its value is the path, never the bean name:
 * the bean keeps its default name ({@code chatSocket} for {@code ChatSocket}), which is also the
 * endpoint's id in the actuator.
 */
@Target({ ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface WebsocketEndpoint {

	/**
	 * The path of the endpoint, a Spring path pattern such as {@code /chat/{room}}.
	 * @return the path
	 */
	@AliasFor("path")
	String value() default "";

	/**
	 * Alias for {@link #value()}.
	 * @return the path
	 */
	@AliasFor("value")
	String path() default "";

	/**
	 * Origins (patterns allowed) whose browsers may connect, replacing
	 * {@code aerys.websocket.allowed-origins} for this endpoint. {@code *} allows every origin.
	 * @return the allowed origins, empty to use the configured ones
	 */
	String[] allowedOrigins() default {};

	/**
	 * Subprotocols the endpoint speaks, in order of preference; the first one the client offers
	 * is negotiated.
	 * @return the subprotocols
	 */
	String[] subprotocols() default {};

}
