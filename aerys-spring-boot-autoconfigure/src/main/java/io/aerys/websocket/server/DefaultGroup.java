package io.aerys.websocket.server;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.aerys.websocket.Group;

/**
 * A handle on a group of an endpoint, by name: the members live in the endpoint, so a group that
 * empties disappears and a handle kept by the application still works when members join again.
 */
final class DefaultGroup implements Group {

	private final String name;

	private final DefaultEndpoint endpoint;

	DefaultGroup(String name, DefaultEndpoint endpoint) {
		this.name = name;
		this.endpoint = endpoint;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public boolean join(long clientId) {
		return this.endpoint.join(this.name, clientId);
	}

	@Override
	public boolean leave(long clientId) {
		return this.endpoint.leave(this.name, clientId);
	}

	@Override
	public Set<Long> members() {
		return this.endpoint.members(this.name);
	}

	@Override
	public CompletableFuture<Void> send(String text) {
		return this.endpoint.multicast(members(), text);
	}

	@Override
	public CompletableFuture<Void> sendBinary(ByteBuffer data) {
		return this.endpoint.multicastBinary(members(), data);
	}

	@Override
	public String toString() {
		return "group '" + this.name + "' of " + this.endpoint.path();
	}

}
