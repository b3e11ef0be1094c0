package io.aerys.websocket;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The handle of one {@link WebsocketEndpoint}: sends to its clients, closes them, lists them and
 * groups them. Every method is safe from any thread and never blocks the caller: each client has a
 * bounded outbound queue, and a client that cannot keep up is closed with 1008 while the others keep
 * their pace.
 * <p>
 * The futures complete when the message was written to the client (or to every target), and fail for
 * a single target that is not connected or was dropped. A multicast or broadcast completes when every
 * target has taken the message or been dropped; it never fails because of one slow client.
 */
public interface Endpoint {

	/**
	 * Return the declared path pattern of the endpoint, such as {@code /chat/{room}}.
	 * @return the path pattern
	 */
	String path();

	/**
	 * Send a text message to one client.
	 * @param clientId the client
	 * @param text the message
	 * @return a future completed when the message was written
	 */
	CompletableFuture<Void> send(long clientId, String text);

	/**
	 * Send a binary message to one client. The buffer is not copied: do not change it afterwards.
	 * @param clientId the client
	 * @param data the message, from its position to its limit
	 * @return a future completed when the message was written
	 */
	CompletableFuture<Void> sendBinary(long clientId, ByteBuffer data);

	/**
	 * Send a text message to some clients; ids not connected are skipped.
	 * @param clientIds the clients
	 * @param text the message
	 * @return a future completed when every target took the message or was dropped
	 */
	CompletableFuture<Void> multicast(Collection<Long> clientIds, String text);

	/**
	 * Send a binary message to some clients; ids not connected are skipped.
	 * @param clientIds the clients
	 * @param data the message
	 * @return a future completed when every target took the message or was dropped
	 */
	CompletableFuture<Void> multicastBinary(Collection<Long> clientIds, ByteBuffer data);

	/**
	 * Send a text message to every connected client.
	 * @param text the message
	 * @return a future completed when every target took the message or was dropped
	 */
	CompletableFuture<Void> broadcast(String text);

	/**
	 * Send a text message to every connected client but some.
	 * @param text the message
	 * @param exceptIds the clients left out
	 * @return a future completed when every target took the message or was dropped
	 */
	CompletableFuture<Void> broadcast(String text, Collection<Long> exceptIds);

	/**
	 * Send a binary message to every connected client.
	 * @param data the message
	 * @return a future completed when every target took the message or was dropped
	 */
	CompletableFuture<Void> broadcastBinary(ByteBuffer data);

	/**
	 * Close a client after what was queued for it before.
	 * @param clientId the client
	 * @param code the close code (1000, or 3000-4999 for application codes)
	 * @param reason the reason, at most 123 bytes of UTF-8
	 * @return a future completed when the connection is closed and {@link OnClose} ran
	 */
	CompletableFuture<Void> close(long clientId, int code, String reason);

	/**
	 * Return the ids of the clients connected now.
	 * @return an immutable snapshot of the ids
	 */
	Set<Long> clients();

	/**
	 * Return a snapshot of one client.
	 * @param clientId the client
	 * @return its information, or empty if it is not connected
	 */
	Optional<ClientInfo> client(long clientId);

	/**
	 * Return the group of this name, creating it on first use. Clients leave every group when they
	 * close, and a group with no members disappears.
	 * @param name the group name
	 * @return the group
	 */
	Group group(String name);

}
