package io.aerys.benchmarks.server;

import io.aerys.websocket.Endpoint;
import io.aerys.websocket.OnData;
import io.aerys.websocket.WebsocketEndpoint;

import org.springframework.context.annotation.Profile;

/**
 * Broadcast with the starter: every message received is sent to every client, the sender included.
 */
@Profile("starter")
@WebsocketEndpoint("/broadcast")
class StarterBroadcast {

	private final Endpoint endpoint;

	StarterBroadcast(Endpoint endpoint) {
		this.endpoint = endpoint;
	}

	@OnData
	void broadcast(String text) {
		this.endpoint.broadcast(text);
	}

}
