package io.aerys.benchmarks.server;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The server under test: the same Tomcat, the same JVM and the same behaviour (echo on {@code /echo},
 * broadcast of every message received on {@code /broadcast}), built either with the starter
 * ({@code --mode=starter}) or as a plain Spring {@code TextWebSocketHandler} ({@code --mode=baseline}).
 */
@SpringBootApplication
public class BenchmarkServer {

	/** Connections above Tomcat's default of 8192, for the idle case; the same for both modes. */
	static final Map<String, Object> COMMON_PROPERTIES = Map.of("server.tomcat.max-connections", 20_000,
			"spring.main.banner-mode", "off", "logging.level.root", "warn", "spring.jmx.enabled", false);

	public static void main(String[] args) {
		SpringApplication application = application(mode(args));
		application.run(args);
	}

	/**
	 * Build the application of one mode.
	 * @param mode {@code starter} or {@code baseline}
	 * @return the application, ready to run
	 */
	public static SpringApplication application(String mode) {
		if (!mode.equals("starter") && !mode.equals("baseline")) {
			throw new IllegalArgumentException("--mode must be starter or baseline, not " + mode);
		}
		SpringApplication application = new SpringApplication(BenchmarkServer.class);
		application.setAdditionalProfiles(mode);
		application.setDefaultProperties(COMMON_PROPERTIES);
		return application;
	}

	private static String mode(String[] args) {
		for (String arg : args) {
			if (arg.startsWith("--mode=")) {
				return arg.substring("--mode=".length());
			}
		}
		throw new IllegalArgumentException("Missing --mode=starter|baseline");
	}

}
