package io.aerys.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Idle connections: open N to the echo endpoint and read what they cost the server, as live heap
 * after a full GC and as resident set size, each divided by N. With {@code --histogram=FILE}, also
 * writes the classes behind the heap figure (from {@code jcmd GC.class_histogram} before and after).
 */
final class IdleLoad implements Client.Listener {

	Result run(Options options) throws Exception {
		String url = options.get("url", "ws://127.0.0.1:8080");
		ServerCpu server = new ServerCpu(options);
		URI uri = URI.create(url + "/echo");
		int count = options.getInt("connections", 10_000);
		int sourceAddresses = options.getInt("source-addresses", 8);
		try (Client client = new Client()) {
			// Load the classes and warm the code of a connection before the first figure.
			client.closeAll(client.connect(uri, Math.min(200, count), sourceAddresses, this));
			Thread.sleep(500);
			Map<String, String> before = server.get("/bench/memory", Duration.ofSeconds(60));
			@Nullable ClassHistogram histogramBefore = histogram(options, before);
			long started = System.nanoTime();
			List<Connection> connections = client.connect(uri, count, sourceAddresses, this);
			double openSeconds = (System.nanoTime() - started) / 1e9;
			Thread.sleep(options.getDuration("settle", Duration.ofSeconds(2)).toMillis());
			Map<String, String> after = server.get("/bench/memory", Duration.ofSeconds(60));
			@Nullable ClassHistogram histogramAfter = histogram(options, after);
			long open = connections.stream().filter((connection) -> !connection.closed).count();
			if (histogramBefore != null && histogramAfter != null) {
				Files.writeString(Path.of(options.get("histogram", "")), histogramAfter.minus(histogramBefore).perConnection(count,
						options.getInt("histogram-lines", 25)));
			}
			client.closeAll(connections);
			return new Result().put("connections", count)
				.put("open", open)
				.put("openSeconds", openSeconds)
				.put("heapPerConnection", (number(after, "heapUsed") - number(before, "heapUsed")) / count)
				.put("rssPerConnection", (number(after, "rss") - number(before, "rss")) / count)
				.put("threadsBefore", number(before, "threads"))
				.put("threadsAfter", number(after, "threads"))
				.put("heapBefore", number(before, "heapUsed"))
				.put("heapAfter", number(after, "heapUsed"))
				.put("rssBefore", number(before, "rss"))
				.put("rssAfter", number(after, "rss"));
		}
	}

	private @Nullable ClassHistogram histogram(Options options, Map<String, String> memory)
			throws IOException, InterruptedException {
		if (!options.has("histogram")) {
			return null;
		}
		return ClassHistogram.of(Path.of(memory.get("javaHome"), "bin", "jcmd"), Long.parseLong(memory.get("pid")));
	}

	private static double number(Map<String, String> values, String name) {
		return Double.parseDouble(values.get(name));
	}

	@Override
	public void message(Connection connection, int bytes) {
	}

}
