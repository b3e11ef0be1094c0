package io.aerys.websocket.server;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The limits and options of one endpoint, from the configuration and its annotation.
 *
 * @param allowedOriginPatterns origins allowed to connect; empty means same origin only
 * @param subprotocols subprotocols to negotiate
 * @param maxTextMessageSize bytes a text message may have
 * @param maxBinaryMessageSize bytes a binary message may have
 * @param pingInterval how often idle clients are pinged, zero for never
 * @param pongTimeout how long a client may stay silent after a ping
 * @param idleTimeout how long a client may exchange no data message, or {@code null} for ever
 * @param sendTimeLimit how long one write may take
 * @param sendBufferLimit bytes that may wait in the outbound queue of a client
 * @param maxConnections clients the endpoint takes at most, 0 for no limit
 * @param maxPendingMessages messages of a client that may wait for its callbacks before its reads pause
 * @param messageTimeout how long a message may take to arrive whole, zero for ever
 * @param compression whether to negotiate permessage-deflate
 * @param inboundMessagesPerSecond messages a client may send per second before its reads pause, 0 for any
 * @param inboundBytesPerSecond bytes a client may send per second before its reads pause, 0 for any
 * @param lifecycleTimeout bound on start, stop and closing the clients at shutdown
 */
public record EndpointSettings(List<String> allowedOriginPatterns, List<String> subprotocols,
		long maxTextMessageSize, long maxBinaryMessageSize, Duration pingInterval, Duration pongTimeout,
		@Nullable Duration idleTimeout, Duration sendTimeLimit, long sendBufferLimit, int maxConnections,
		int maxPendingMessages, Duration messageTimeout, boolean compression, long inboundMessagesPerSecond,
		long inboundBytesPerSecond, Duration lifecycleTimeout) {

	/**
	 * Return these settings with the origins and subprotocols of an endpoint's annotation.
	 * @param allowedOrigins the origins of the annotation, empty to keep the configured ones
	 * @param subprotocols the subprotocols of the annotation
	 * @return the settings of the endpoint
	 */
	public EndpointSettings forEndpoint(String[] allowedOrigins, String[] subprotocols) {
		return new EndpointSettings((allowedOrigins.length > 0) ? List.of(allowedOrigins) : this.allowedOriginPatterns,
				List.of(subprotocols), this.maxTextMessageSize, this.maxBinaryMessageSize, this.pingInterval,
				this.pongTimeout, this.idleTimeout, this.sendTimeLimit, this.sendBufferLimit, this.maxConnections,
				this.maxPendingMessages, this.messageTimeout, this.compression, this.inboundMessagesPerSecond,
				this.inboundBytesPerSecond, this.lifecycleTimeout);
	}

}
