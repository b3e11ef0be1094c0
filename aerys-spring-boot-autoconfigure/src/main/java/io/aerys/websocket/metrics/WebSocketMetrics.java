package io.aerys.websocket.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.aerys.websocket.invoke.Callback;
import io.aerys.websocket.server.DefaultEndpoint;
import io.aerys.websocket.server.DefaultEndpoints;
import io.aerys.websocket.server.EndpointStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The {@code aerys.websocket.*} meters of every endpoint. Every meter is tagged with the declared
 * path pattern of its endpoint ({@code /chat/{room}}), never a concrete path nor a client id, so the
 * number of series is bounded by the number of endpoints, close codes and exception types.
 */
public class WebSocketMetrics implements MeterBinder {

	public static final String CONNECTIONS_ACTIVE = "aerys.websocket.connections.active";

	public static final String CONNECTIONS_OPENED = "aerys.websocket.connections.opened";

	public static final String CONNECTIONS_CLOSED = "aerys.websocket.connections.closed";

	public static final String HANDSHAKES_REJECTED = "aerys.websocket.handshakes.rejected";

	public static final String MESSAGES_RECEIVED = "aerys.websocket.messages.received";

	public static final String MESSAGES_SENT = "aerys.websocket.messages.sent";

	public static final String BYTES_RECEIVED = "aerys.websocket.bytes.received";

	public static final String BYTES_SENT = "aerys.websocket.bytes.sent";

	public static final String CALLBACK_DURATION = "aerys.websocket.callback.duration";

	public static final String ERRORS = "aerys.websocket.errors";

	public static final String CLIENTS_DROPPED = "aerys.websocket.clients.dropped";

	private final DefaultEndpoints endpoints;

	public WebSocketMetrics(DefaultEndpoints endpoints) {
		this.endpoints = endpoints;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (DefaultEndpoint endpoint : this.endpoints.runtimes()) {
			bind(registry, endpoint, Tags.of("endpoint", endpoint.path()));
		}
	}

	private void bind(MeterRegistry registry, DefaultEndpoint endpoint, Tags tags) {
		EndpointStats stats = endpoint.stats();
		Gauge.builder(CONNECTIONS_ACTIVE, endpoint, DefaultEndpoint::clientCount)
			.tags(tags)
			.description("Clients connected now")
			.register(registry);
		counter(registry, CONNECTIONS_OPENED, stats, EndpointStats::opened, tags, "Connections opened");
		for (boolean binary : new boolean[] { false, true }) {
			Tags typed = tags.and("type", binary ? "binary" : "text");
			counter(registry, MESSAGES_RECEIVED, stats, (s) -> s.messagesReceived(binary), typed,
					"Messages received from clients");
			counter(registry, MESSAGES_SENT, stats, (s) -> s.messagesSent(binary), typed,
					"Messages written to clients");
		}
		counter(registry, BYTES_RECEIVED, stats, EndpointStats::bytesReceived, tags,
				"Payload bytes received from clients");
		counter(registry, BYTES_SENT, stats, EndpointStats::bytesSent, tags, "Payload bytes written to clients");
		tagged(registry, CONNECTIONS_CLOSED, stats.closedByCode(), tags, "Connections closed, by close code");
		tagged(registry, HANDSHAKES_REJECTED, stats.rejectedByStatus(), tags, "Upgrades refused, by HTTP status");
		tagged(registry, ERRORS, stats.errorsByException(), tags, "Callback and message failures, by exception");
		tagged(registry, CLIENTS_DROPPED, stats.droppedByReason(), tags, "Clients closed for breaking a limit");
		stats.onEachCallback((callback, success) -> callbackTimer(registry, stats, callback, success, tags));
	}

	private static void counter(MeterRegistry registry, String name, EndpointStats stats,
			java.util.function.ToDoubleFunction<EndpointStats> count, Tags tags, String description) {
		FunctionCounter.builder(name, stats, count).tags(tags).description(description).register(registry);
	}

	private static void tagged(MeterRegistry registry, String name, EndpointStats.Tagged counts, Tags tags,
			String description) {
		counts.onEachValue((value, count) -> FunctionCounter.builder(name, count, LongAdder::sum)
			.tags(tags.and(counts.tag(), value))
			.description(description)
			.register(registry));
	}

	private static void callbackTimer(MeterRegistry registry, EndpointStats stats, Callback callback, boolean success,
			Tags tags) {
		FunctionTimer
			.builder(CALLBACK_DURATION, stats, (s) -> s.callbackCount(callback, success),
					(s) -> s.callbackNanos(callback, success), TimeUnit.NANOSECONDS)
			.tags(tags.and("callback", callback.tag(), "outcome", success ? EndpointStats.SUCCESS : EndpointStats.ERROR))
			.description("Time spent in endpoint callbacks")
			.register(registry);
	}

}
