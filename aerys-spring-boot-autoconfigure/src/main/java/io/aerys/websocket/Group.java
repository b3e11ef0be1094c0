package io.aerys.websocket;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A named set of clients of one {@link Endpoint}, such as a chat room. Clients leave every group
 * when they close; a group with no members disappears.
 */
public interface Group {

	/**
	 * Return the name of the group.
	 * @return the name
	 */
	String name();

	/**
	 * Add a connected client to the group.
	 * @param clientId the client
	 * @return whether it was added (false if it already was a member or is not connected)
	 */
	boolean join(long clientId);

	/**
	 * Remove a client from the group.
	 * @param clientId the client
	 * @return whether it was a member
	 */
	boolean leave(long clientId);

	/**
	 * Return the members now.
	 * @return an immutable snapshot of the ids
	 */
	Set<Long> members();

	/**
	 * Send a text message to every member.
	 * @param text the message
	 * @return a future completed when every member took the message or was dropped
	 */
	CompletableFuture<Void> send(String text);

	/**
	 * Send a binary message to every member.
	 * @param data the message
	 * @return a future completed when every member took the message or was dropped
	 */
	CompletableFuture<Void> sendBinary(ByteBuffer data);

}
