package io.aerys.websocket;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method run once per message of a client, in arrival order. A value returned is
 * sent to that client; a returned {@link java.util.concurrent.CompletionStage} holds back the client's
 * next message until it completes.
 * At most one method of an endpoint may carry it.
 *
 * @see WebsocketEndpoint
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnData {

}
