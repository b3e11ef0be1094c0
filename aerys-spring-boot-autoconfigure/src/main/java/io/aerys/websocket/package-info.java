/**
 * Annotated WebSocket endpoints: {@link io.aerys.websocket.WebsocketEndpoint} and its callbacks,
 * and {@link io.aerys.websocket.Endpoint} to send from anywhere.
 */
@NullMarked
package io.aerys.websocket;

import org.jspecify.annotations.NullMarked;
