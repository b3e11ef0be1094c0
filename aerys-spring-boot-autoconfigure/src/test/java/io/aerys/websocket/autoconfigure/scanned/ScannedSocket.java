package io.aerys.websocket.autoconfigure.scanned;

import io.aerys.websocket.OnData;
import io.aerys.websocket.WebsocketEndpoint;

/**
 * An endpoint found by component scanning, to show it keeps its default bean name.
 */
@WebsocketEndpoint("/scanned")
public class ScannedSocket {

	@OnData
	String data(String text) {
		return text;
	}

}
