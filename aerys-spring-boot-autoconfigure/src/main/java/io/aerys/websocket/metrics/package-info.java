/**
 * Micrometer meters of WebSocket endpoints.
 */
@NullMarked
package io.aerys.websocket.metrics;

import org.jspecify.annotations.NullMarked;
