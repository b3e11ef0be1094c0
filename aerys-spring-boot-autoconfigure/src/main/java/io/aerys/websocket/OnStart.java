package io.aerys.websocket;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method run once, before the server accepts the endpoint's first handshake.
 * It may return a {@link java.util.concurrent.CompletionStage}: startup waits for it, bounded by
 * {@code aerys.websocket.lifecycle-timeout}.
 * At most one method of an endpoint may carry it.
 *
 * @see WebsocketEndpoint
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnStart {

}
