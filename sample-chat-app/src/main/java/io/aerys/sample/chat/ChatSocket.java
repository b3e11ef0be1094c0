package io.aerys.sample.chat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import io.aerys.sample.chat.ChatEvent.Joined;
import io.aerys.sample.chat.ChatEvent.Left;
import io.aerys.sample.chat.ChatEvent.Notice;
import io.aerys.sample.chat.ChatEvent.Problem;
import io.aerys.sample.chat.ChatEvent.Said;
import io.aerys.sample.chat.ChatEvent.Welcome;
import io.aerys.websocket.Endpoint;
import io.aerys.websocket.Group;
import io.aerys.websocket.HandshakeData;
import io.aerys.websocket.OnClose;
import io.aerys.websocket.OnData;
import io.aerys.websocket.OnHandshake;
import io.aerys.websocket.OnOpen;
import io.aerys.websocket.OnStop;
import io.aerys.websocket.WebsocketEndpoint;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * A chat with rooms. Every message is a JSON text message.
 *
 * <h2>Joining</h2>
 * Connect to {@code /chat/{room}?nick={nickname}}. A room name is 1 to 32 letters, digits,
 * {@code -} or {@code _}; a nickname is 1 to 24 characters once trimmed, without control
 * characters, and needs not be unique. Anything else is refused with 400 and a {@code text/plain}
 * reason before the connection opens.
 *
 * <h2>From the browser</h2>
 * <pre>{"text": "hello"}</pre> says something in the room (at most 2000 characters). A message that
 * is not JSON closes the connection with 1007.
 *
 * <h2>From the server</h2>
 * <pre>
 * {"type": "welcome", "nick": "ada", "room": "lobby", "members": ["ada", "bob"], "at": "2026-..."}
 *                                                                                   to who joined, first
 * {"type": "joined",  "nick": "bob", "members": ["ada", "bob"], "at": "2026-..."}   to the others
 * {"type": "left",    "nick": "bob", "members": ["ada"], "at": "2026-..."}          to the others
 * {"type": "message", "nick": "ada", "text": "hello", "at": "2026-..."}             to all, sender included
 * {"type": "error",   "reason": "..."}                                              to a refused sender
 * {"type": "notice",  "text": "..."}                                                from the server, to all
 * </pre>
 * {@code members} is everyone in the room, sorted, so its length is the number of people online
 * there; {@code at} is the time on the server's {@link Clock}. The server sends a {@code notice}
 * when it shuts down, then closes every connection with 1001.
 */
@WebsocketEndpoint("/chat/{room}")
public class ChatSocket {

	static final int MAX_NICK_LENGTH = 24;

	static final int MAX_TEXT_LENGTH = 2000;

	private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_-]{1,32}");

	private final Endpoint endpoint;

	private final JsonMapper json;

	private final Clock clock;

	/** Nicknames by client id, by room. Joins and leaves hold its lock, see {@link #open}. */
	private final Map<String, Map<Long, String>> rooms = new HashMap<>();

	public ChatSocket(Endpoint endpoint, JsonMapper json, Clock clock) {
		this.endpoint = endpoint;
		this.json = json;
		this.clock = clock;
	}

	@OnHandshake
	@Nullable String handshake(ServerHttpRequest request, ServerHttpResponse response, @PathVariable String room)
			throws IOException {
		if (!ROOM.matcher(room).matches()) {
			return refuse(response, "A room name is 1 to 32 letters, digits, '-' or '_'.");
		}
		String nick = nickname(request);
		if (nick == null) {
			return refuse(response, "Choose a nickname with ?nick=: 1 to " + MAX_NICK_LENGTH + " characters.");
		}
		return nick;
	}

	private static @Nullable String nickname(ServerHttpRequest request) {
		String raw = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("nick");
		if (raw == null) {
			return null;
		}
		String nick = UriUtils.decode(raw, StandardCharsets.UTF_8).strip();
		boolean valid = !nick.isEmpty() && nick.codePointCount(0, nick.length()) <= MAX_NICK_LENGTH
				&& nick.codePoints().noneMatch(Character::isISOControl);
		return valid ? nick : null;
	}

	private static @Nullable String refuse(ServerHttpResponse response, String reason) throws IOException {
		response.setStatusCode(HttpStatus.BAD_REQUEST);
		response.getHeaders().setContentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));
		response.getBody().write(reason.getBytes(StandardCharsets.UTF_8));
		return null;
	}

	/**
	 * Welcome the client, let it in, then tell the others. The welcome is queued before the client
	 * joins the group, so it comes before any message of the room; the others are told once it is
	 * in, so whoever answers the notice is heard. Holding the lock orders joins and leaves the same
	 * for everyone.
	 */
	@OnOpen
	void open(long clientId, @HandshakeData String nick, @PathVariable String room) {
		synchronized (this.rooms) {
			Map<Long, String> members = this.rooms.computeIfAbsent(room, (name) -> new HashMap<>());
			members.put(clientId, nick);
			List<String> names = sorted(members);
			this.endpoint.send(clientId, encode(new Welcome(nick, room, names, this.clock.instant())));
			Group group = this.endpoint.group(room);
			group.join(clientId);
			Set<Long> others = new HashSet<>(group.members());
			others.remove(clientId);
			this.endpoint.multicast(others, encode(new Joined(nick, names, this.clock.instant())));
		}
	}

	/**
	 * Say something to the room. A refused message gets a {@link Problem} back, which the starter
	 * sends as JSON to this client only.
	 */
	@OnData
	@Nullable ChatEvent data(@HandshakeData String nick, @PathVariable String room, Say say) {
		String text = (say.text() != null) ? say.text().strip() : "";
		if (text.isEmpty()) {
			return new Problem("Say something: the message is empty.");
		}
		if (text.codePointCount(0, text.length()) > MAX_TEXT_LENGTH) {
			return new Problem("A message is at most " + MAX_TEXT_LENGTH + " characters.");
		}
		this.endpoint.group(room).send(encode(new Said(nick, text, this.clock.instant())));
		return null;
	}

	/**
	 * Tell the room. The client has already left its groups, so it is not told itself.
	 */
	@OnClose
	void close(long clientId, @HandshakeData @Nullable String nick, @PathVariable String room) {
		synchronized (this.rooms) {
			Map<Long, String> members = this.rooms.get(room);
			if (nick == null || members == null || members.remove(clientId) == null) {
				return;
			}
			if (members.isEmpty()) {
				this.rooms.remove(room);
			}
			this.endpoint.group(room).send(encode(new Left(nick, sorted(members), this.clock.instant())));
		}
	}

	@OnStop
	CompletableFuture<Void> stop() {
		return this.endpoint.broadcast(encode(new Notice("The server is restarting. You will be reconnected.")));
	}

	private static List<String> sorted(Map<Long, String> members) {
		return members.values().stream().sorted(String.CASE_INSENSITIVE_ORDER).toList();
	}

	private String encode(ChatEvent event) {
		return this.json.writeValueAsString(event);
	}

}
