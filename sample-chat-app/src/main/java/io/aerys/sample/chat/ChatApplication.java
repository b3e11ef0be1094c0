package io.aerys.sample.chat;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A chat with rooms: {@link ChatSocket} at {@code /chat/{room}}, the page at {@code /}, the actuator
 * at {@code /actuator}.
 */
@SpringBootApplication
public class ChatApplication {

	/**
	 * The time stamped on chat events: a bean, so that a test can stop it.
	 */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		SpringApplication.run(ChatApplication.class, args);
	}

}
