package io.aerys.websocket.invoke;

import java.lang.annotation.Annotation;

import io.aerys.websocket.OnClose;
import io.aerys.websocket.OnData;
import io.aerys.websocket.OnError;
import io.aerys.websocket.OnHandshake;
import io.aerys.websocket.OnOpen;
import io.aerys.websocket.OnStart;
import io.aerys.websocket.OnStop;

/**
 * The callbacks an endpoint may declare, with what each may take and return.
 */
public enum Callback {

	START(OnStart.class, "start"),

	HANDSHAKE(OnHandshake.class, "handshake"),

	OPEN(OnOpen.class, "open"),

	DATA(OnData.class, "data"),

	CLOSE(OnClose.class, "close"),

	ERROR(OnError.class, "error"),

	STOP(OnStop.class, "stop");

	private final Class<? extends Annotation> annotation;

	private final String tag;

	Callback(Class<? extends Annotation> annotation, String tag) {
		this.annotation = annotation;
		this.tag = tag;
	}

	/**
	 * Return the annotation that marks this callback.
	 * @return the annotation type
	 */
	public Class<? extends Annotation> annotation() {
		return this.annotation;
	}

	/**
	 * Return the short name of the callback, as used in meter tags.
	 * @return the name, such as {@code data}
	 */
	public String tag() {
		return this.tag;
	}

	/**
	 * Return the annotation as written in source, such as {@code @OnData}.
	 * @return the display name
	 */
	public String displayName() {
		return "@" + this.annotation.getSimpleName();
	}

	/**
	 * Return whether the callback runs for one client.
	 * @return {@code false} for {@link #START} and {@link #STOP}
	 */
	public boolean isPerClient() {
		return this != START && this != STOP;
	}

	/**
	 * Return whether the callback runs after the upgrade, with a connected client.
	 * @return whether a client exists when it runs
	 */
	public boolean isAfterHandshake() {
		return isPerClient() && this != HANDSHAKE;
	}

}
