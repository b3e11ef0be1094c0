package io.aerys.websocket.test;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the endpoints of a test saw, in order, recorded from any thread.
 */
public class Events {

	private final Queue<String> events = new ConcurrentLinkedQueue<>();

	public void add(String event) {
		this.events.add(event);
	}

	public List<String> all() {
		return List.copyOf(this.events);
	}

	public void clear() {
		this.events.clear();
	}

}
