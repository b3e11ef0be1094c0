package io.aerys.benchmarks.jmh;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.aerys.websocket.ClientInfo;
import io.aerys.websocket.Endpoint;
import io.aerys.websocket.Group;

/**
 * An {@link Endpoint} handed to callbacks that never use it.
 */
final class NoEndpoint implements Endpoint {

	@Override
	public String path() {
		return "/echo";
	}

	@Override
	public CompletableFuture<Void> send(long clientId, String text) {
		throw new UnsupportedOperationException();
	}

	@Override
	public CompletableFuture<Void> sendBinary(long clientId, ByteBuffer data) {
		throw new UnsupportedOperationException();
	}

	@Override
	public CompletableFuture<Void> multicast(Collection<Long> clientIds, String text) {
		throw new UnsupportedOperationException();
	}

	@Override
	public CompletableFuture<Void> multicastBinary(Collection<Long> clientIds, ByteBuffer data) {
		throw new UnsupportedOperationException();
	}

	@Override
	public CompletableFuture<Void> broadcast(String text) {
		throw new UnsupportedOperationException();
	}

	@Override
	public CompletableFuture<Void> broadcast(String text, Collection<Long> exceptIds) {
		throw new UnsupportedOperationException();
	}

	@Override
	public CompletableFuture<Void> broadcastBinary(ByteBuffer data) {
		throw new UnsupportedOperationException();
	}

	@Override
	public CompletableFuture<Void> close(long clientId, int code, String reason) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Set<Long> clients() {
		return Set.of();
	}

	@Override
	public Optional<ClientInfo> client(long clientId) {
		return Optional.empty();
	}

	@Override
	public Group group(String name) {
		throw new UnsupportedOperationException();
	}

}
