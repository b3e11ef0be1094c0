package io.aerys.benchmarks.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads the CPU time the server process used so far, over HTTP.
 */
final class ServerCpu {

	private final HttpClient http = HttpClient.newHttpClient();

	private final URI uri;

	ServerCpu(Options options) {
		this.uri = URI.create(options.get("url", "ws://127.0.0.1:8080").replaceFirst("^ws", "http") + "/bench/cpu");
	}

	/**
	 * Return the server's CPU seconds.
	 * @return the seconds, or -1 if it cannot tell
	 */
	double seconds() {
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(this.uri).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? Double.parseDouble(response.body().trim()) : -1;
		}
		catch (Exception ex) {
			return -1;
		}
	}

}
