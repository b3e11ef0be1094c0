package io.aerys.benchmarks.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads the CPU time the server process used so far, and the bytes its threads allocated, over
 * HTTP.
 */
final class ServerCpu {

	private final HttpClient http = HttpClient.newHttpClient();

	private final URI uri;

	ServerCpu(Options options) {
		this.uri = URI.create(options.get("url", "ws://127.0.0.1:8080").replaceFirst("^ws", "http") + "/bench/cpu");
	}

	/**
	 * Return the server's live heap: what its heap holds after full garbage collections.
	 * @return the bytes, or -1 if it cannot tell
	 */
	double liveHeap() {
		try {
			URI memory = this.uri.resolve("/bench/memory");
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(memory).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			for (String line : response.body().split("\n")) {
				if (response.statusCode() == 200 && line.startsWith("heapUsed=")) {
					return Double.parseDouble(line.substring(9));
				}
			}
			return -1;
		}
		catch (Exception ex) {
			return -1;
		}
	}

	/**
	 * Return the server's CPU seconds and allocated bytes so far.
	 * @return the figures, or {@code {-1, -1}} if it cannot tell
	 */
	double[] read() {
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(this.uri).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString());
			double[] figures = { -1, -1 };
			if (response.statusCode() == 200) {
				for (String line : response.body().split("\n")) {
					if (line.startsWith("cpu=")) {
						figures[0] = Double.parseDouble(line.substring(4));
					}
					else if (line.startsWith("allocated=")) {
						figures[1] = Double.parseDouble(line.substring(10));
					}
				}
			}
			return figures;
		}
		catch (Exception ex) {
			return new double[] { -1, -1 };
		}
	}

}
