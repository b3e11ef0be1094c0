package io.aerys.websocket.actuate;

import java.util.Map;

import io.aerys.websocket.server.DefaultEndpoint;
import io.aerys.websocket.server.EndpointStats;

/**
 * One WebSocket endpoint as the actuator shows it.
 *
 * @param id the bean name
 * @param path the declared path pattern
 * @param clients clients connected now
 * @param opened connections opened since start
 * @param messagesReceived messages received since start
 * @param messagesSent messages written since start
 * @param bytesReceived payload bytes received since start
 * @param bytesSent payload bytes written since start
 * @param closed connections closed since start, by close code
 * @param dropped clients closed for breaking a limit, by reason
 */
public record EndpointDescriptor(String id, String path, int clients, long opened, long messagesReceived,
		long messagesSent, long bytesReceived, long bytesSent, Map<String, Long> closed, Map<String, Long> dropped) {

	static EndpointDescriptor of(DefaultEndpoint endpoint) {
		EndpointStats stats = endpoint.stats();
		return new EndpointDescriptor(endpoint.beanName(), endpoint.path(), endpoint.clientCount(), stats.opened(),
				stats.messagesReceived(false) + stats.messagesReceived(true),
				stats.messagesSent(false) + stats.messagesSent(true), stats.bytesReceived(), stats.bytesSent(),
				stats.closedByCode().snapshot(), stats.droppedByReason().snapshot());
	}

}
