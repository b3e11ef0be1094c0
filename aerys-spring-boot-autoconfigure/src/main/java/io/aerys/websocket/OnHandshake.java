package io.aerys.websocket;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method run during the HTTP upgrade of each client. Setting any status other than
 * 101 on the {@link org.springframework.http.server.ServerHttpResponse} rejects the upgrade with that
 * status, headers and body. The value returned is the client's handshake data, see {@link HandshakeData}.
 * At most one method of an endpoint may carry it.
 *
 * @see WebsocketEndpoint
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnHandshake {

}
