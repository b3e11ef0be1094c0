package io.aerys.websocket.server;

import org.springframework.web.socket.CloseStatus;

/**
 * Why a client that broke a limit is dropped: the reason counted, the close code the client sees,
 * and whether it still reads, so that its close frame is worth waiting for.
 */
enum DropReason {

	/** It stopped reading: its send buffer or a send's time ran out. */
	SLOW("slow", CloseStatus.POLICY_VIOLATION, false),

	/** A message of its did not end within the message timeout. */
	TOO_SLOW("too-slow", CloseStatus.POLICY_VIOLATION, true),

	/** It answered no ping: it reads nothing, or its connection is gone. */
	PONG_TIMEOUT("pong-timeout", CloseStatus.POLICY_VIOLATION, false),

	/** It exchanged no data message within the idle timeout. */
	IDLE("idle", CloseStatus.GOING_AWAY, true);

	private final String tag;

	private final CloseStatus status;

	private final boolean reading;

	DropReason(String tag, CloseStatus status, boolean reading) {
		this.tag = tag;
		this.status = status;
		this.reading = reading;
	}

	/**
	 * Return the reason as counted in the metrics.
	 * @return the tag value
	 */
	String tag() {
		return this.tag;
	}

	/**
	 * Return the close status the client sees.
	 * @param message the reason it is told
	 * @return the status
	 */
	CloseStatus status(String message) {
		return this.status.withReason(message);
	}

	boolean reading() {
		return this.reading;
	}

}
