package io.aerys.websocket.server;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.aerys.websocket.ClientInfo;
import io.aerys.websocket.Endpoint;
import io.aerys.websocket.Group;
import io.aerys.websocket.discovery.EndpointCallbacks;
import io.aerys.websocket.discovery.EndpointPath;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.CloseStatus;

/**
 * The {@link Endpoint} of one endpoint bean: its registry of clients and groups, and the sends.
 */
public final class DefaultEndpoint implements Endpoint {

	private final String beanName;

	private final Class<?> endpointClass;

	private final EndpointPath path;

	private final EndpointRuntime runtime;

	private final Map<Long, Client> clients = new ConcurrentHashMap<>();

	private final Map<String, Set<Long>> groups = new ConcurrentHashMap<>();

	private final EndpointInvoker invoker;

	private final EndpointStats stats = new EndpointStats(this.clients.values());

	private final Flusher flusher;

	private volatile EndpointState state = EndpointState.NEW;

	/** Clients connected or being upgraded, for the connection limit. */
	private final java.util.concurrent.atomic.AtomicInteger reserved = new java.util.concurrent.atomic.AtomicInteger();

	DefaultEndpoint(String beanName, Class<?> endpointClass, EndpointPath path, EndpointRuntime runtime) {
		this.beanName = beanName;
		this.endpointClass = endpointClass;
		this.path = path;
		this.runtime = runtime;
		this.invoker = new EndpointInvoker(this);
		this.flusher = new Flusher(runtime.executor());
	}

	/**
	 * Return the bean name of the endpoint, its id in the actuator.
	 * @return the bean name
	 */
	public String beanName() {
		return this.beanName;
	}

	/**
	 * Return the class annotated with {@code @WebsocketEndpoint}.
	 * @return the user class of the bean
	 */
	public Class<?> endpointClass() {
		return this.endpointClass;
	}

	@Override
	public String path() {
		return this.path.pattern();
	}

	EndpointPath endpointPath() {
		return this.path;
	}

	EndpointRuntime runtime() {
		return this.runtime;
	}

	EndpointInvoker invoker() {
		return this.invoker;
	}

	EndpointState state() {
		return this.state;
	}

	void state(EndpointState state) {
		this.state = state;
	}

	void bind(EndpointCallbacks callbacks) {
		this.invoker.bind(callbacks);
	}

	Collection<Client> connected() {
		return this.clients.values();
	}

	@Nullable Client connected(long clientId) {
		return this.clients.get(clientId);
	}

	/**
	 * Return how many clients are connected now.
	 * @return the number of clients
	 */
	public int clientCount() {
		return this.clients.size();
	}

	/**
	 * Return the counts of what happened on the endpoint.
	 * @return the stats
	 */
	public EndpointStats stats() {
		return this.stats;
	}

	void register(Client client) {
		this.clients.put(client.longId(), client);
	}

	/**
	 * Take a place for a client being upgraded.
	 * @param maxConnections the limit, 0 for none
	 * @return whether a place was free
	 */
	boolean reserve(int maxConnections) {
		while (true) {
			int current = this.reserved.get();
			if (maxConnections > 0 && current >= maxConnections) {
				return false;
			}
			if (this.reserved.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	void release() {
		this.reserved.decrementAndGet();
	}

	int reservedPlaces() {
		return this.reserved.get();
	}

	void unregister(Client client) {
		this.stats.retire(client);
		if (this.clients.remove(client.longId(), client)) {
			release();
		}
		for (String group : client.groups()) {
			leave(group, client.longId());
		}
	}

	/**
	 * Close a client that broke a limit, once, off the calling thread.
	 * @param client the client
	 * @param reason why: the reason counted and the close code the client sees
	 * @param message the close reason the client sees
	 */
	void drop(Client client, DropReason reason, String message) {
		if (!client.markDropped()) {
			return;
		}
		this.stats.dropped(reason.tag());
		this.runtime.logger().debug("Closing " + client + ": " + message);
		this.runtime.executor().execute(() -> client.close(reason.status(message), reason.reading()));
	}

	void tooLarge(Client client, MessageTooLargeException ex) {
		if (client.markDropped()) {
			this.stats.dropped("too-large");
		}
		this.runtime.logger().debug("Closing " + client + ": " + ex.getMessage());
		client.close(new CloseStatus(CloseStatus.TOO_BIG_TO_PROCESS.getCode(), "Message too large"));
	}

	@Override
	public CompletableFuture<Void> send(long clientId, String text) {
		return sendTo(clientId, (completion) -> Outgoing.text(text, completion));
	}

	@Override
	public CompletableFuture<Void> sendBinary(long clientId, ByteBuffer data) {
		return sendTo(clientId, (completion) -> Outgoing.binary(data, completion));
	}

	private CompletableFuture<Void> sendTo(long clientId, java.util.function.Function<Completion, Outgoing> message) {
		Client client = this.clients.get(clientId);
		if (client == null) {
			return CompletableFuture.failedFuture(noClient(clientId));
		}
		CompletableFuture<Void> future = new CompletableFuture<>();
		client.send(message.apply((failure) -> {
			if (failure == null) {
				future.complete(null);
			}
			else {
				future.completeExceptionally(failure);
			}
		}));
		return future;
	}

	@Override
	public CompletableFuture<Void> multicast(Collection<Long> clientIds, String text) {
		return multicast(clientIds, Outgoing.text(text, new Fanout()));
	}

	@Override
	public CompletableFuture<Void> multicastBinary(Collection<Long> clientIds, ByteBuffer data) {
		return multicast(clientIds, Outgoing.binary(data, new Fanout()));
	}

	private CompletableFuture<Void> multicast(Collection<Long> clientIds, Outgoing message) {
		Fanout fanout = (Fanout) message.completion();
		for (Long id : clientIds) {
			offerQueued(this.clients.get(id), message, fanout);
		}
		this.flusher.schedule();
		return fanout.allOffered();
	}

	@Override
	public CompletableFuture<Void> broadcast(String text) {
		return broadcast(Outgoing.text(text, new Fanout()), Set.of());
	}

	@Override
	public CompletableFuture<Void> broadcast(String text, Collection<Long> exceptIds) {
		return broadcast(Outgoing.text(text, new Fanout()), exceptIds);
	}

	@Override
	public CompletableFuture<Void> broadcastBinary(ByteBuffer data) {
		return broadcast(Outgoing.binary(data, new Fanout()), Set.of());
	}

	private CompletableFuture<Void> broadcast(Outgoing message, Collection<Long> exceptIds) {
		Fanout fanout = (Fanout) message.completion();
		for (Client client : this.clients.values()) {
			if (!exceptIds.contains(client.id())) {
				offerQueued(client, message, fanout);
			}
		}
		this.flusher.schedule();
		return fanout.allOffered();
	}

	/**
	 * Queue one message of a multicast to a client; the {@link Flusher} writes it.
	 */
	private void offerQueued(@Nullable Client client, Outgoing message, Fanout fanout) {
		if (client == null) {
			return;
		}
		fanout.addTarget();
		if (client.sendQueued(message)) {
			this.flusher.add(client.outbox);
		}
	}

	@Override
	public CompletableFuture<Void> close(long clientId, int code, String reason) {
		Client client = this.clients.get(clientId);
		if (client == null) {
			return CompletableFuture.failedFuture(noClient(clientId));
		}
		CompletableFuture<Void> future = new CompletableFuture<>();
		client.outbox.offer(Outgoing.close(new CloseStatus(code, reason), (failure) -> client.closed()
			.whenComplete((result, ex) -> future.complete(null))));
		return future;
	}

	@Override
	public Set<Long> clients() {
		return Set.copyOf(this.clients.keySet());
	}

	@Override
	public Optional<ClientInfo> client(long clientId) {
		return Optional.ofNullable(connected(clientId)).map(Client::info);
	}

	@Override
	public Group group(String name) {
		return new DefaultGroup(name, this);
	}

	boolean join(String group, long clientId) {
		Client client = this.clients.get(clientId);
		if (client == null || client.isClosing()) {
			return false;
		}
		boolean[] added = new boolean[1];
		this.groups.compute(group, (name, members) -> {
			Set<Long> set = (members != null) ? members : ConcurrentHashMap.newKeySet();
			added[0] = set.add(clientId);
			return set;
		});
		client.groups().add(group);
		if (this.clients.get(clientId) != client) {
			leave(group, clientId);
			return false;
		}
		return added[0];
	}

	boolean leave(String group, long clientId) {
		boolean[] removed = new boolean[1];
		this.groups.computeIfPresent(group, (name, members) -> {
			removed[0] = members.remove(clientId);
			return members.isEmpty() ? null : members;
		});
		Client client = this.clients.get(clientId);
		if (client != null) {
			client.groups().remove(group);
		}
		return removed[0];
	}

	Set<Long> members(String group) {
		Set<Long> members = this.groups.get(group);
		return (members != null) ? Set.copyOf(members) : Set.of();
	}

	/**
	 * Return the names of the groups that have members now.
	 * @return the group names
	 */
	Set<String> groupNames() {
		return Set.copyOf(this.groups.keySet());
	}

	private static ClientClosedException noClient(long clientId) {
		return new ClientClosedException("No client " + clientId + " is connected");
	}

	@Override
	public String toString() {
		return "endpoint '" + this.beanName + "' at " + path();
	}

}
