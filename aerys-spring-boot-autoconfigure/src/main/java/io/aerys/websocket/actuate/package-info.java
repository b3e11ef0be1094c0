/**
 * The {@code websockets} actuator endpoint.
 */
@NullMarked
package io.aerys.websocket.actuate;

import org.jspecify.annotations.NullMarked;
