package io.aerys.sample.chat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A chat with rooms: {@link ChatSocket} at {@code /chat/{room}}, the page at {@code /}, the actuator
 * at {@code /actuator}.
 */
@SpringBootApplication
public class ChatApplication {

	public static void main(String[] args) {
		SpringApplication.run(ChatApplication.class, args);
	}

}
