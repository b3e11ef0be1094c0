package io.aerys.websocket;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method run once, at shutdown, after the endpoint stops delivering messages and
 * before every client is closed with 1001. It may still send; a returned
 * {@link java.util.concurrent.CompletionStage} is awaited.
 * At most one method of an endpoint may carry it.
 *
 * @see WebsocketEndpoint
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnStop {

}
