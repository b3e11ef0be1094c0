package io.aerys.sample.chat;

import java.net.URI;
import java.time.Instant;

import io.aerys.sample.chat.ChatClient.Refusal;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat over real sockets, as browsers see it. Each test uses rooms of its own, since the
 * application is shared.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChatSocketTests {

	@LocalServerPort
	int port;

	@Test
	void membersOfARoomSeeEachOthersMessagesAndComingsAndGoings() {
		try (ChatClient ada = ChatClient.join(this.port, "lobby", "ada")) {
			assertThat(members(ada.next("welcome"))).containsExactly("ada");
			ChatClient bob = ChatClient.join(this.port, "lobby", "bob");
			JsonNode welcome = bob.next("welcome");
			assertThat(welcome.get("nick").asString()).isEqualTo("bob");
			assertThat(welcome.get("room").asString()).isEqualTo("lobby");
			assertThat(members(welcome)).containsExactly("ada", "bob");
			assertThat(Instant.parse(welcome.get("at").asString())).isBeforeOrEqualTo(Instant.now());
			JsonNode joined = ada.next("joined");
			assertThat(joined.get("nick").asString()).isEqualTo("bob");
			assertThat(members(joined)).containsExactly("ada", "bob");

			ada.say("hi bob");
			assertSaid(ada.next(), "ada", "hi bob");
			assertSaid(bob.next(), "ada", "hi bob");
			bob.say("hi ada");
			assertSaid(bob.next(), "bob", "hi ada");
			assertSaid(ada.next(), "bob", "hi ada");

			bob.leave();
			JsonNode left = ada.next("left");
			assertThat(left.get("nick").asString()).isEqualTo("bob");
			assertThat(members(left)).containsExactly("ada");
		}
	}

	@Test
	void clientInAnotherRoomSeesNothingOfARoom() {
		try (ChatClient cy = ChatClient.join(this.port, "kitchen", "cy")) {
			cy.next("welcome");
			try (ChatClient ada = ChatClient.join(this.port, "garden", "ada")) {
				ada.next("welcome");
				ChatClient bob = ChatClient.join(this.port, "garden", "bob");
				bob.next("welcome");
				ada.next("joined");
				ada.say("hi bob");
				ada.next("message");
				bob.next("message");
				bob.leave();
				ada.next("left");
			}
			// Whatever the garden had sent to cy would be queued before cy's own message.
			cy.say("anyone?");
			assertSaid(cy.next(), "cy", "anyone?");
		}
	}

	@Test
	void refusesHandshakeWithoutNicknameWithATextReason() {
		Refusal refusal = ChatClient.refusal(URI.create("ws://localhost:" + this.port + "/chat/lobby"));
		assertThat(refusal.status()).isEqualTo(400);
		assertThat(refusal.contentType()).startsWith("text/plain");
		assertThat(refusal.body()).contains("nickname");
	}

	@Test
	void refusesHandshakeWithBlankOrTooLongNickname() {
		assertThat(ChatClient.refusal(ChatClient.url(this.port, "lobby", "   ")).status()).isEqualTo(400);
		assertThat(ChatClient.refusal(ChatClient.url(this.port, "lobby", "n".repeat(ChatSocket.MAX_NICK_LENGTH + 1))).status()).isEqualTo(400);
	}

	@Test
	void refusesHandshakeToARoomWithAnOddName() {
		Refusal refusal = ChatClient.refusal(ChatClient.url(this.port, "a.b", "ada"));
		assertThat(refusal.status()).isEqualTo(400);
		assertThat(refusal.body()).contains("room name");
	}

	@Test
	void keepsNicknameAsTypedButTrimmed() {
		try (ChatClient zoe = ChatClient.join(this.port, "cafe", "  Zoë + Ana  ")) {
			assertThat(zoe.next("welcome").get("nick").asString()).isEqualTo("Zoë + Ana");
		}
		String longest = "é".repeat(ChatSocket.MAX_NICK_LENGTH);
		try (ChatClient client = ChatClient.join(this.port, "cafe", longest)) {
			assertThat(client.next("welcome").get("nick").asString()).isEqualTo(longest);
		}
	}

	@Test
	void answersAnEmptyMessageWithAnErrorAndStaysConnected() {
		try (ChatClient ada = ChatClient.join(this.port, "quiet", "ada")) {
			ada.next("welcome");
			ada.say("   ");
			assertThat(ada.next("error").get("reason").asString()).contains("empty");
			ada.say("still here");
			assertSaid(ada.next(), "ada", "still here");
		}
	}

	@Test
	void closesTheConnectionOnAMessageThatIsNotJson() {
		try (ChatClient ada = ChatClient.join(this.port, "noise", "ada")) {
			ada.next("welcome");
			ada.send("hello?");
			assertThat(ada.awaitClose()).isEqualTo(1007);
		}
	}

	private static void assertSaid(JsonNode event, String nick, String text) {
		assertThat(event.path("type").asString()).as("type of %s", event).isEqualTo("message");
		assertThat(event.get("nick").asString()).isEqualTo(nick);
		assertThat(event.get("text").asString()).isEqualTo(text);
		assertThat(Instant.parse(event.get("at").asString())).isBeforeOrEqualTo(Instant.now());
	}

	private static String[] members(JsonNode event) {
		return event.get("members").valueStream().map(JsonNode::asString).toArray(String[]::new);
	}

}
