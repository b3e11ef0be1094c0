package io.aerys.sample.chat;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat page in one browser window, as a person uses it: typing into the form and reading
 * what is on the screen.
 */
final class ChatPage {

	static final Duration TIMEOUT = Duration.ofSeconds(15);

	/** The conversation as lines: {@code "ada: hello"} for a message, the text alone for a notice. */
	private static final String TRANSCRIPT = """
			return [...document.querySelectorAll('#messages > li')].map((item) => item.classList.contains('message')
				? item.querySelector('.author').textContent + ': ' + item.querySelector('.text').textContent
				: item.querySelector('span').textContent);
			""";

	private final WebDriver browser;

	private final String name;

	private final WebDriverWait wait;

	ChatPage(WebDriver browser, String name) {
		this.browser = browser;
		this.name = name;
		this.wait = new WebDriverWait(browser, TIMEOUT, Duration.ofMillis(50));
	}

	/**
	 * Load the page afresh, leaving whatever room this window was in and forgetting what the
	 * console said before.
	 */
	ChatPage load(String url) {
		consoleErrors(); // read only to empty the console log
		this.browser.get(url);
		this.wait.until(ExpectedConditions.elementToBeClickable(By.id("nick")));
		return this;
	}

	/**
	 * Fill in the join form and wait until the room lets this person speak.
	 */
	void join(String nick, String room) {
		type(By.id("nick"), nick);
		type(By.id("room"), room);
		this.browser.findElement(By.cssSelector("#join-form button[type=submit]")).click();
		awaitConnected();
	}

	private void type(By field, String text) {
		WebElement input = this.browser.findElement(field);
		input.clear();
		input.sendKeys(text);
	}

	void awaitConnected() {
		this.wait.withMessage(() -> this.name + " to be connected, status: " + status())
			.until(ExpectedConditions.and(ExpectedConditions.attributeToBe(By.id("status"), "data-state", "online"),
					ExpectedConditions.elementToBeClickable(By.id("text"))));
	}

	/**
	 * Type a message and press Enter.
	 */
	void say(String text) {
		this.browser.findElement(By.id("text")).sendKeys(text, Keys.ENTER);
	}

	void leave() {
		this.browser.findElement(By.id("leave")).click();
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("join-form")));
	}

	/**
	 * Wait until the conversation shows this line, a message ({@code "ada: hello"}) or a notice.
	 */
	void awaitLine(String line) {
		this.wait.withMessage(() -> this.name + " to see \"" + line + "\" in " + transcript())
			.until((browser) -> transcript().contains(line));
	}

	List<String> transcript() {
		Object lines = ((JavascriptExecutor) this.browser).executeScript(TRANSCRIPT);
		return ((List<?>) lines).stream().map(String::valueOf).toList();
	}

	/**
	 * Wait until the bar shows this many people online, as a person reads it.
	 */
	void awaitOnline(int count) {
		String expected = count + " online";
		this.wait.withMessage(() -> this.name + " to show \"" + expected + "\", shows \"" + online() + "\"")
			.until((browser) -> expected.equals(online()));
	}

	String online() {
		return this.browser.findElement(By.id("online")).getText().strip();
	}

	/**
	 * Tap the online count, which opens the list of members on a phone.
	 */
	void openMembers() {
		this.browser.findElement(By.id("online")).click();
	}

	/**
	 * The people listed in the room as a person sees them: an empty name for each one off screen.
	 */
	List<String> members() {
		return this.browser.findElements(By.cssSelector("#member-list li > span:nth-child(2)"))
			.stream()
			.map(WebElement::getText)
			.toList();
	}

	/**
	 * Whether the page is wider than the window, so that a person would have to scroll sideways.
	 */
	boolean overflowsWidth() {
		Object overflows = ((JavascriptExecutor) this.browser)
			.executeScript("return document.documentElement.scrollWidth > window.innerWidth");
		return Boolean.TRUE.equals(overflows);
	}

	/**
	 * Click the link with this text and read the page it leads to.
	 */
	String follow(String linkText) {
		WebElement link = this.browser.findElement(By.linkText(linkText));
		String href = link.getDomAttribute("href");
		link.click();
		this.wait.until(ExpectedConditions.urlContains(href));
		return this.browser.findElement(By.tagName("body")).getText();
	}

	String status() {
		return this.browser.findElement(By.id("status")).getText();
	}

	/**
	 * A screenshot of the window, without the caret of a focused field so it never blinks into it.
	 */
	byte[] screenshot() {
		((JavascriptExecutor) this.browser).executeScript("document.activeElement?.blur()");
		return ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.BYTES);
	}

	/**
	 * The errors logged on the console since the last call, one line each.
	 */
	String consoleErrors() {
		return this.browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.map(LogEntry::getMessage)
			.collect(Collectors.joining("\n"));
	}

	@Override
	public String toString() {
		return this.name;
	}

}
