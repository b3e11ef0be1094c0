/**
 * The runtime of endpoints: the adapter to Spring's WebSocket handler and handshake interceptor,
 * the client registry, per-client ordering and outbound queues, and the lifecycle.
 */
@NullMarked
package io.aerys.websocket.server;

import org.jspecify.annotations.NullMarked;
