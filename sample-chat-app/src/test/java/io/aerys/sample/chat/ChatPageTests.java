package io.aerys.sample.chat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.convention.TestBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The chat page as people use it: headless Chromium windows typing into the page served by the
 * application on a random port. Skipped, saying how to install it, where there is no Chromium.
 * <p>
 * The application's clock stands still, so the screenshot this test leaves for the README,
 * {@code docs/sample-chat.png}, changes only when the page does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChatPageTests {

	private static final Path SCREENSHOT = Path.of("docs", "sample-chat.png");

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = new JsonMapper();

	private static @Nullable Chromium chromium;

	private static final List<CompletableFuture<ChatPage>> windows = new ArrayList<>();

	@TestBean
	Clock clock;

	@LocalServerPort
	int port;

	/** At a desktop. */
	ChatPage ada;

	/** On a phone, in the same room as ada. */
	ChatPage bob;

	/** Elsewhere. */
	ChatPage cy;

	static Clock clock() {
		return Clock.fixed(Instant.parse("2026-05-04T09:41:00Z"), ZoneOffset.UTC);
	}

	/**
	 * Chromium and the application each take seconds to start: let the browsers start while the
	 * application does.
	 */
	@BeforeAll
	static void startBrowsers() {
		chromium = Chromium.find();
		if (chromium == null) {
			// Surefire counts skipped tests without saying why: say it in the build's output too.
			System.err.println(ChatPageTests.class.getSimpleName() + " is skipped. " + Chromium.whatIsMissing());
			return;
		}
		Chromium browsers = chromium;
		open("ada", () -> browsers.openDesktop(880, 640));
		open("bob", () -> browsers.openPhone(390, 640));
		open("cy", () -> browsers.openDesktop(800, 600));
	}

	/** On a thread of its own: the common pool may have a single one. */
	private static void open(String name, Callable<WebDriver> window) {
		windows.add(CompletableFuture.supplyAsync(() -> {
			try {
				return new ChatPage(window.call(), name);
			}
			catch (Exception ex) {
				throw new IllegalStateException("Chromium did not start for " + name, ex);
			}
		}, (start) -> new Thread(start, "chromium-" + name).start()));
	}

	/** Each test is skipped rather than the class, which Surefire would not count. */
	@BeforeEach
	void awaitBrowsers() {
		assumeTrue(chromium != null, Chromium::whatIsMissing);
		this.ada = windows.get(0).join();
		this.bob = windows.get(1).join();
		this.cy = windows.get(2).join();
	}

	@AfterAll
	static void closeBrowsers() throws IOException {
		if (chromium != null) {
			CompletableFuture.allOf(windows.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null).join();
			chromium.close();
		}
	}

	@Test
	void twoPeopleInARoomChatWhileSomeoneInAnotherRoomSeesNoneOfIt() throws IOException {
		this.cy.load(url("/")).join("cy", "kitchen");
		this.ada.load(url("/")).join("ada", "garden");
		this.ada.awaitOnline(1);
		this.bob.load(url("/")).join("bob", "garden");
		this.ada.awaitLine("bob joined");
		this.ada.awaitOnline(2);
		this.bob.awaitOnline(2);
		assertThat(this.ada.members()).containsExactly("ada", "bob");

		this.ada.say("Hi Bob! Is the garden open today?");
		this.bob.awaitLine("ada: Hi Bob! Is the garden open today?");
		this.bob.say("It is, until six. Coming?");
		this.ada.awaitLine("bob: It is, until six. Coming?");
		this.ada.say("On my way!");
		this.bob.awaitLine("ada: On my way!");
		this.ada.awaitLine("ada: On my way!");
		assertThat(this.ada.transcript()).containsExactly("Welcome to #garden, ada!", "bob joined",
				"ada: Hi Bob! Is the garden open today?", "bob: It is, until six. Coming?", "ada: On my way!");
		assertThat(this.bob.transcript()).containsExactly("Welcome to #garden, bob!",
				"ada: Hi Bob! Is the garden open today?", "bob: It is, until six. Coming?", "ada: On my way!");
		writeScreenshot(this.ada, this.bob);

		assertThat(this.bob.overflowsWidth()).as("the phone-sized page scrolls sideways").isFalse();
		assertThat(this.bob.members()).as("on a phone the members are behind the online count").containsOnly("");
		this.bob.openMembers();
		assertThat(this.bob.members()).containsExactly("ada", "bob");

		this.ada.leave();
		this.bob.awaitLine("ada left");
		this.bob.awaitOnline(1);

		this.cy.say("Anyone here?");
		// Whatever the garden had sent to cy would have come before cy's own message.
		this.cy.awaitLine("cy: Anyone here?");
		assertThat(this.cy.transcript()).containsExactly("Welcome to #kitchen, cy!", "cy: Anyone here?");
		assertThat(this.cy.online()).isEqualTo("1 online");
		assertNoConsoleErrors(this.ada, this.bob, this.cy);
	}

	@Test
	void droppedConnectionIsToldAndReconnectsWithoutHelp() {
		Set<Long> others = clientIds();
		this.cy.load(url("/")).join("cy", "attic");
		Set<Long> clients = clientIds();
		clients.removeAll(others);
		assertThat(clients).hasSize(1);
		close(clients.iterator().next());
		this.cy.awaitLine("The server closed the connection: closed by administrator. Reconnecting…");
		this.cy.awaitLine("Reconnected.");
		this.cy.awaitConnected();
		this.cy.awaitOnline(1);
		this.cy.say("Still here.");
		this.cy.awaitLine("cy: Still here.");
		assertNoConsoleErrors(this.cy);
	}

	@Test
	void footerLinksToTheLiveFiguresOfTheEndpoint() {
		this.ada.load(url("/")).join("ada", "cellar");
		this.ada.awaitOnline(1);
		assertNoConsoleErrors(this.ada);
		JsonNode endpoint = json.readTree(this.ada.follow("/actuator/websockets")).path("endpoints").path(0);
		assertThat(endpoint.path("id").asString()).isEqualTo("chatSocket");
		assertThat(endpoint.path("clients").asInt()).isPositive();
		assertNoConsoleErrors(this.ada);
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	private static void assertNoConsoleErrors(ChatPage... pages) {
		for (ChatPage page : pages) {
			assertThat(page.consoleErrors()).as("console errors of %s", page).isEmpty();
		}
	}

	private Set<Long> clientIds() {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url("/actuator/websockets/chatSocket"))));
		assertThat(response.statusCode()).isEqualTo(200);
		Set<Long> ids = new HashSet<>();
		json.readTree(response.body()).path("clients").forEach((client) -> ids.add(client.path("id").asLong()));
		return ids;
	}

	private void close(long clientId) {
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(URI.create(url("/actuator/websockets/chatSocket/" + clientId))).DELETE());
		assertThat(response.statusCode()).isBetween(200, 299);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException | InterruptedException ex) {
			throw new AssertionError("Request to the application failed", ex);
		}
	}

	/**
	 * Put the windows side by side into the README's picture, written only when it changed.
	 */
	private static void writeScreenshot(ChatPage... pages) throws IOException {
		byte[] png = SideBySide.compose(Arrays.stream(pages).map(ChatPage::screenshot).toList());
		Path file = repositoryRoot().resolve(SCREENSHOT);
		if (!Files.exists(file) || !Arrays.equals(Files.readAllBytes(file), png)) {
			Files.createDirectories(file.getParent());
			Files.write(file, png);
		}
	}

	/** Where the build runs: this module's directory, or the repository's when run from an IDE. */
	private static Path repositoryRoot() {
		for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
			if (Files.isDirectory(directory.resolve("sample-chat-app")) && Files.exists(directory.resolve("pom.xml"))) {
				return directory;
			}
		}
		throw new IllegalStateException("Run from the repository or the sample-chat-app module, not from "
				+ Path.of("").toAbsolutePath());
	}

}
