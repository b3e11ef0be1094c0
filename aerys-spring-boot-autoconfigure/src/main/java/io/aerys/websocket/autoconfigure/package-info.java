/**
 * Auto-configuration of annotated WebSocket endpoints.
 */
@NullMarked
package io.aerys.websocket.autoconfigure;

import org.jspecify.annotations.NullMarked;
