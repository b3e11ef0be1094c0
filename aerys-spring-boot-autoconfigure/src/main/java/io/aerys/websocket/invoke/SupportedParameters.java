package io.aerys.websocket.invoke;

/**
 * The parameters each callback may declare, worded for error messages.
 */
final class SupportedParameters {

	private SupportedParameters() {
	}

	static String describe(Callback callback) {
		String common = "Endpoint";
		String client = "long clientId, Endpoint, Principal, @PathVariable values";
		String open = client + ", ClientInfo, @HandshakeData values";
		String supported = switch (callback) {
			case START, STOP -> common;
			case HANDSHAKE -> client + ", ServerHttpRequest, ServerHttpResponse, HttpHeaders";
			case OPEN -> open;
			case DATA -> open + ", and one message parameter: String, byte[], ByteBuffer, Message,"
					+ " or a type decoded from JSON";
			case CLOSE -> open + ", int code, String reason, CloseStatus";
			case ERROR -> open + ", Throwable (or a subtype)";
		};
		return callback.displayName() + " methods may declare: " + supported + ".";
	}

}
