package io.aerys.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the server's own figures over HTTP: the CPU time its process used so far and the bytes
 * its threads allocated, and its memory.
 */
final class ServerCpu {

	private final HttpClient http = HttpClient.newHttpClient();

	private final URI uri;

	ServerCpu(Options options) {
		this(options.get("url", "ws://127.0.0.1:8080"));
	}

	/**
	 * Read the figures of the server at a WebSocket address.
	 * @param url the server's address, such as {@code ws://127.0.0.1:8080}
	 */
	ServerCpu(String url) {
		this.uri = URI.create(url.replaceFirst("^ws", "http"));
	}

	/**
	 * Return the server's live heap: what its heap holds after full garbage collections.
	 * @return the bytes, or -1 if it cannot tell
	 */
	double liveHeap() {
		return number(get("/bench/memory", Duration.ofSeconds(30)), "heapUsed");
	}

	/**
	 * Return the server's CPU seconds and allocated bytes so far.
	 * @return the figures, or {@code {-1, -1}} if it cannot tell
	 */
	double[] read() {
		Map<String, String> values = get("/bench/cpu", Duration.ofSeconds(5));
		return new double[] { number(values, "cpu"), number(values, "allocated") };
	}

	/**
	 * Return how many methods wait for the server's JIT compilers.
	 * @return the count, or -1 if it cannot tell
	 */
	double jitQueue() {
		return number(get("/bench/jit", Duration.ofSeconds(5)), "jitQueue");
	}

	/**
	 * Have the server pin its JIT compiler threads back to its own cores, for the measurement.
	 * @return how many it pinned, or -1 if it could not
	 */
	double pinCompilerThreads() {
		return number(get("/bench/jit/pin", Duration.ofSeconds(10)), "pinned");
	}

	/**
	 * Read one of the server's {@code key=value} pages.
	 * @param path the page, such as {@code /bench/cpu}
	 * @param timeout how long the server may take
	 * @return the values, empty if the server did not answer
	 */
	Map<String, String> get(String path, Duration timeout) {
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(this.uri.resolve(path)).timeout(timeout).build(),
					HttpResponse.BodyHandlers.ofString());
			Map<String, String> values = new LinkedHashMap<>();
			if (response.statusCode() == 200) {
				for (String line : response.body().split("\n")) {
					int equals = line.indexOf('=');
					if (equals > 0) {
						values.put(line.substring(0, equals), line.substring(equals + 1));
					}
				}
			}
			return values;
		}
		catch (IOException ex) {
			return Map.of();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Map.of();
		}
	}

	/**
	 * What a server used over one or more windows: CPU seconds and bytes allocated, from its
	 * readings before and after each.
	 */
	static final class Use {

		private double cpu;

		private double allocated;

		private int windows;

		private boolean unknown;

		/**
		 * Add a window.
		 * @param before the server's {@link ServerCpu#read() reading} before it
		 * @param after the reading after it
		 * @return the CPU seconds the window took, or -1 if the server cannot tell
		 */
		double add(double[] before, double[] after) {
			if (before[0] < 0 || after[0] < 0) {
				this.unknown = true;
				return -1;
			}
			double cpu = after[0] - before[0];
			this.cpu += cpu;
			this.allocated += after[1] - before[1];
			this.windows++;
			return cpu;
		}

		/**
		 * Add the server's CPU in cores and in microseconds per message, and its bytes allocated
		 * per message, if every window was measured.
		 * @param result the result
		 * @param messages the messages handled in the windows
		 * @param seconds the windows' length together
		 * @return the result
		 */
		Result put(Result result, long messages, double seconds) {
			if (this.windows > 0 && !this.unknown) {
				result.put("serverCores", this.cpu / seconds)
					.put("serverCpuPerMessage", (messages > 0) ? this.cpu * 1e6 / messages : 0)
					.put("serverBytesPerMessage", (messages > 0) ? this.allocated / messages : 0);
			}
			return result;
		}

	}

	private static double number(Map<String, String> values, String name) {
		String value = values.get(name);
		return (value != null) ? Double.parseDouble(value) : -1;
	}

}
