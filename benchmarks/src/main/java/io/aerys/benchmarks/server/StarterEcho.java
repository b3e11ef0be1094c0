package io.aerys.benchmarks.server;

import io.aerys.websocket.OnData;
import io.aerys.websocket.WebsocketEndpoint;

import org.springframework.context.annotation.Profile;

/**
 * Echo with the starter: what {@code @OnData} returns is sent back.
 */
@Profile("starter")
@WebsocketEndpoint("/echo")
class StarterEcho {

	@OnData
	String echo(String text) {
		return text;
	}

}
