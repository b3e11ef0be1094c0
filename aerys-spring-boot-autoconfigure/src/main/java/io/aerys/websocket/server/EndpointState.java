package io.aerys.websocket.server;

/**
 * Where an endpoint is in its life: handshakes are accepted only while {@link #RUNNING}.
 */
enum EndpointState {

	NEW, RUNNING, STOPPING, STOPPED

}
