package io.aerys.benchmarks.jmh;

import java.security.Principal;
import java.util.Map;

import io.aerys.websocket.ClientInfo;
import io.aerys.websocket.invoke.ClientContext;
import org.jspecify.annotations.Nullable;

/**
 * A client with an id and nothing else, as the runtime's client is to a callback that asks for
 * its id only.
 */
final class FixedClient implements ClientContext {

	private final Long id;

	FixedClient(long id) {
		this.id = id;
	}

	@Override
	public Long id() {
		return this.id;
	}

	@Override
	public ClientInfo info() {
		throw new UnsupportedOperationException();
	}

	@Override
	public @Nullable Principal principal() {
		return null;
	}

	@Override
	public Map<String, String> pathVariables() {
		return Map.of();
	}

	@Override
	public @Nullable Object handshakeData() {
		return null;
	}

}
