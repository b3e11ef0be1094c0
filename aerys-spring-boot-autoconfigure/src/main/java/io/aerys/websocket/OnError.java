package io.aerys.websocket;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method run when another callback of a client fails, or a message of the client
 * cannot be decoded. The client is then closed.
 * At most one method of an endpoint may carry it.
 *
 * @see WebsocketEndpoint
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnError {

}
