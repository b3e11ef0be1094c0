package io.aerys.sample.chat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.devtools.CdpVersionFinder;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.os.ExecutableFinder;

import org.springframework.util.FileSystemUtils;

/**
 * The Chromium installed on this machine and its driver, found on the {@code PATH} (or given with
 * {@code -Dchromium.binary} and {@code -Dwebdriver.chrome.driver}), and the headless windows a test
 * opens with them. Nothing is ever downloaded: the driver executable is handed to Selenium, so
 * Selenium Manager is never asked for one.
 */
final class Chromium implements AutoCloseable {

	static final String HOW_TO_INSTALL = "This test drives headless Chromium. Install it and its driver "
			+ "(Debian and Ubuntu: apt-get install chromium chromium-driver), or point -Dchromium.binary and "
			+ "-Dwebdriver.chrome.driver at them.";

	private static final List<String> BROWSER_NAMES = List.of("chromium", "chromium-browser", "google-chrome");

	private static final List<String> DRIVER_NAMES = List.of("chromedriver");

	/**
	 * The page is read through WebDriver alone, so Selenium needs no DevTools classes of the very
	 * version of Chromium installed: keep it from warning about them at every start.
	 */
	private static final List<Logger> quietLoggers = Stream.of(CdpVersionFinder.class, ChromiumDriver.class)
		.map((type) -> Logger.getLogger(type.getName()))
		.peek((logger) -> logger.setLevel(Level.SEVERE))
		.toList();

	private final Path binary;

	private final Path driver;

	private final List<WebDriver> windows = new ArrayList<>();

	private final List<Path> profiles = new ArrayList<>();

	private Chromium(Path binary, Path driver) {
		this.binary = binary;
		this.driver = driver;
	}

	/**
	 * The installed browser and driver, or {@code null} when one is missing.
	 */
	static @Nullable Chromium find() {
		Path binary = locate("chromium.binary", BROWSER_NAMES);
		Path driver = locate("webdriver.chrome.driver", DRIVER_NAMES);
		return (binary != null && driver != null) ? new Chromium(binary, driver) : null;
	}

	/**
	 * What {@link #find()} misses, and how to install it.
	 */
	static String whatIsMissing() {
		String browser = (locate("chromium.binary", BROWSER_NAMES) == null) ? "Chromium not found (-Dchromium.binary, or "
				+ String.join(", ", BROWSER_NAMES) + " on the PATH). " : "";
		String driver = (locate("webdriver.chrome.driver", DRIVER_NAMES) == null)
				? "chromedriver not found (-Dwebdriver.chrome.driver, or chromedriver on the PATH). " : "";
		return browser + driver + HOW_TO_INSTALL;
	}

	private static @Nullable Path locate(String property, List<String> names) {
		String given = System.getProperty(property);
		if (given != null && !given.isBlank()) {
			Path path = Path.of(given);
			return Files.isExecutable(path) ? path : null;
		}
		ExecutableFinder finder = new ExecutableFinder();
		for (String name : names) {
			String found = finder.find(name);
			if (found != null) {
				return Path.of(found);
			}
		}
		return null;
	}

	/**
	 * Open a headless desktop window showing the page at this size, with a fresh profile, that
	 * keeps its console messages.
	 */
	WebDriver openDesktop(int width, int height) throws IOException {
		return open(width, height, false);
	}

	/**
	 * Open a headless window showing the page as a phone of this size would, touch included.
	 */
	WebDriver openPhone(int width, int height) throws IOException {
		return open(width, height, true);
	}

	private WebDriver open(int width, int height, boolean phone) throws IOException {
		Path profile = Files.createTempDirectory("chromium-profile-");
		synchronized (this) {
			this.profiles.add(profile);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(this.binary.toFile());
		// Root needs --no-sandbox; the next ones keep Chromium from calling home on a closed network,
		// and the last ones paint every pixel the same at every run, so the README's picture only
		// changes with the page.
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--no-first-run", "--no-default-browser-check", "--user-data-dir=" + profile,
				"--window-size=" + width + "," + height, "--lang=en-US", "--hide-scrollbars",
				"--force-device-scale-factor=1", "--disable-partial-raster", "--num-raster-threads=1");
		// A headless window is at least 500 pixels wide and loses height to a frame it does not draw:
		// emulating the screen makes the page exactly this size.
		options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics", Map.of("width", width, "height",
				height, "pixelRatio", 1.0, "mobile", phone, "touch", phone)));
		LoggingPreferences logging = new LoggingPreferences();
		logging.enable(LogType.BROWSER, Level.ALL);
		options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(this.driver.toFile())
			.usingAnyFreePort()
			.withEnvironment(Map.of("TZ", "UTC"))
			.build();
		ChromeDriver window = new ChromeDriver(service, options);
		synchronized (this) {
			this.windows.add(window);
		}
		return window;
	}

	/**
	 * Close every window and delete the profiles.
	 */
	@Override
	public synchronized void close() throws IOException {
		for (WebDriver window : this.windows) {
			window.quit();
		}
		this.windows.clear();
		for (Path profile : this.profiles) {
			FileSystemUtils.deleteRecursively(profile);
		}
		this.profiles.clear();
	}

}
