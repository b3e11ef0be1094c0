package io.aerys.websocket.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of annotated WebSocket endpoints.
 */
@ConfigurationProperties("aerys.websocket")
public class AerysWebSocketProperties {

	/**
	 * Whether to serve the endpoints annotated with @WebsocketEndpoint.
	 */
	private boolean enabled = true;

	/**
	 * Origins (patterns allowed) whose browsers may connect. Empty allows the same origin only;
	 * '*' allows every origin.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	/**
	 * Size a text message may have; a larger one closes the client with 1009.
	 */
	private DataSize maxTextMessageSize = DataSize.ofMegabytes(1);

	/**
	 * Size a binary message may have; a larger one closes the client with 1009.
	 */
	private DataSize maxBinaryMessageSize = DataSize.ofMegabytes(1);

	/**
	 * How often to ping a client that sent nothing. Zero disables pings.
	 */
	private Duration pingInterval = Duration.ofSeconds(30);

	/**
	 * How long a client may send nothing (no pong nor any other frame) before it is closed with
	 * 1008.
	 */
	private Duration pongTimeout = Duration.ofSeconds(60);

	/**
	 * How long a client may exchange no data message either way before it is closed with 1001.
	 * Unset for no limit.
	 */
	private @Nullable Duration idleTimeout;

	/**
	 * How long one send to a client may take before the client is closed with 1008.
	 */
	private Duration sendTimeLimit = Duration.ofSeconds(10);

	/**
	 * Size the messages waiting to be sent to one client may reach before the client is closed
	 * with 1008, counting each message's payload and 2 bytes of frame header.
	 */
	private DataSize sendBufferLimit = DataSize.ofKilobytes(512);

	/**
	 * Clients each endpoint takes at most; beyond it the handshake gets 503. Unset for no limit.
	 */
	private @Nullable Integer maxConnections;

	/**
	 * Messages of one client that may wait for its callbacks (behind one that returned an
	 * unfinished CompletionStage) before reading from the client pauses.
	 */
	private int maxPendingMessages = 256;

	/**
	 * How long a message may take to arrive whole (from its first part to its last); a client
	 * still sending it then is closed with 1008. Zero for no limit.
	 */
	private Duration messageTimeout = Duration.ofSeconds(60);

	/**
	 * Whether to negotiate permessage-deflate compression with clients that offer it. Off by
	 * default: each compressed connection holds a zlib deflater and inflater in native memory.
	 */
	private boolean compression;

	/**
	 * Bound on @OnStart, @OnStop and on closing the clients at shutdown.
	 */
	private Duration lifecycleTimeout = Duration.ofSeconds(30);

	private final Metrics metrics = new Metrics();

	private final InboundRateLimit inboundRateLimit = new InboundRateLimit();

	private final Observations observations = new Observations();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public DataSize getMaxTextMessageSize() {
		return this.maxTextMessageSize;
	}

	public void setMaxTextMessageSize(DataSize maxTextMessageSize) {
		this.maxTextMessageSize = maxTextMessageSize;
	}

	public DataSize getMaxBinaryMessageSize() {
		return this.maxBinaryMessageSize;
	}

	public void setMaxBinaryMessageSize(DataSize maxBinaryMessageSize) {
		this.maxBinaryMessageSize = maxBinaryMessageSize;
	}

	public Duration getPingInterval() {
		return this.pingInterval;
	}

	public void setPingInterval(Duration pingInterval) {
		this.pingInterval = pingInterval;
	}

	public Duration getPongTimeout() {
		return this.pongTimeout;
	}

	public void setPongTimeout(Duration pongTimeout) {
		this.pongTimeout = pongTimeout;
	}

	public @Nullable Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(@Nullable Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public Duration getSendTimeLimit() {
		return this.sendTimeLimit;
	}

	public void setSendTimeLimit(Duration sendTimeLimit) {
		this.sendTimeLimit = sendTimeLimit;
	}

	public DataSize getSendBufferLimit() {
		return this.sendBufferLimit;
	}

	public void setSendBufferLimit(DataSize sendBufferLimit) {
		this.sendBufferLimit = sendBufferLimit;
	}

	public @Nullable Integer getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(@Nullable Integer maxConnections) {
		this.maxConnections = maxConnections;
	}

	public int getMaxPendingMessages() {
		return this.maxPendingMessages;
	}

	public void setMaxPendingMessages(int maxPendingMessages) {
		this.maxPendingMessages = maxPendingMessages;
	}

	public Duration getMessageTimeout() {
		return this.messageTimeout;
	}

	public void setMessageTimeout(Duration messageTimeout) {
		this.messageTimeout = messageTimeout;
	}

	public boolean isCompression() {
		return this.compression;
	}

	public void setCompression(boolean compression) {
		this.compression = compression;
	}

	public Duration getLifecycleTimeout() {
		return this.lifecycleTimeout;
	}

	public void setLifecycleTimeout(Duration lifecycleTimeout) {
		this.lifecycleTimeout = lifecycleTimeout;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public InboundRateLimit getInboundRateLimit() {
		return this.inboundRateLimit;
	}

	/**
	 * Rates a client may send at before reading from it pauses (a burst of one second's worth is
	 * allowed). Unset for no limit.
	 */
	public static class InboundRateLimit {

		/**
		 * Messages a client may send per second.
		 */
		private @Nullable Long messagesPerSecond;

		/**
		 * Bytes a client may send per second.
		 */
		private @Nullable DataSize bytesPerSecond;

		public @Nullable Long getMessagesPerSecond() {
			return this.messagesPerSecond;
		}

		public void setMessagesPerSecond(@Nullable Long messagesPerSecond) {
			this.messagesPerSecond = messagesPerSecond;
		}

		public @Nullable DataSize getBytesPerSecond() {
			return this.bytesPerSecond;
		}

		public void setBytesPerSecond(@Nullable DataSize bytesPerSecond) {
			this.bytesPerSecond = bytesPerSecond;
		}

	}

	public Observations getObservations() {
		return this.observations;
	}

	/**
	 * Micrometer observations (tracing) of the endpoints.
	 */
	public static class Observations {

		/**
		 * Whether to observe every @OnData call, besides handshakes, opens and closes.
		 */
		private boolean data;

		public boolean isData() {
			return this.data;
		}

		public void setData(boolean data) {
			this.data = data;
		}

	}

	/**
	 * Metrics of the endpoints.
	 */
	public static class Metrics {

		/**
		 * Whether to publish the aerys.websocket.* meters.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
