package io.aerys.sample.chat;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * What the server sends to the browsers: JSON objects told apart by their {@code type}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
sealed interface ChatEvent {

	/**
	 * To a client that just joined: who it is and who is in the room, itself included.
	 *
	 * @param nick the nickname of the client
	 * @param room the room
	 * @param members the nicknames in the room, sorted
	 * @param at when
	 */
	@JsonTypeName("welcome")
	record Welcome(String nick, String room, List<String> members, Instant at) implements ChatEvent {
	}

	/**
	 * To the others in the room when someone joins.
	 *
	 * @param nick who joined
	 * @param members the nicknames in the room now, sorted
	 * @param at when
	 */
	@JsonTypeName("joined")
	record Joined(String nick, List<String> members, Instant at) implements ChatEvent {
	}

	/**
	 * To the others in the room when someone leaves.
	 *
	 * @param nick who left
	 * @param members the nicknames in the room now, sorted
	 * @param at when
	 */
	@JsonTypeName("left")
	record Left(String nick, List<String> members, Instant at) implements ChatEvent {
	}

	/**
	 * To everyone in the room, the sender included, when someone says something.
	 *
	 * @param nick who said it
	 * @param text what was said
	 * @param at when the server received it
	 */
	@JsonTypeName("message")
	record Said(String nick, String text, Instant at) implements ChatEvent {
	}

	/**
	 * To a client whose message was refused; the connection stays open.
	 *
	 * @param reason why, for a person to read
	 */
	@JsonTypeName("error")
	record Problem(String reason) implements ChatEvent {
	}

	/**
	 * To everyone, from the server itself, such as a shutdown warning.
	 *
	 * @param text for a person to read
	 */
	@JsonTypeName("notice")
	record Notice(String text) implements ChatEvent {
	}

}
