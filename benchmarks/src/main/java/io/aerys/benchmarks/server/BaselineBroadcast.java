package io.aerys.benchmarks.server;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * Broadcast as users write it without the starter: a set of sessions and a loop that sends to
 * each, synchronized because a session takes one send at a time. A failed send is logged and the
 * loop goes on.
 */
class BaselineBroadcast extends TextWebSocketHandler {

	private static final Log logger = LogFactory.getLog(BaselineBroadcast.class);

	private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		this.sessions.add(session);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		this.sessions.remove(session);
	}

	@Override
	protected void handleTextMessage(WebSocketSession sender, TextMessage message) {
		for (WebSocketSession session : this.sessions) {
			if (!session.isOpen()) {
				continue;
			}
			try {
				synchronized (session) {
					session.sendMessage(message);
				}
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Failed to send to " + session.getId(), ex);
			}
		}
	}

}
