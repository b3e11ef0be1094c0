package io.aerys.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Instances and bytes per class, from {@code jcmd <pid> GC.class_histogram} (which runs a full GC
 * first, so only live objects count).
 */
final class ClassHistogram {

	private static final Pattern LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");

	private final Map<String, long[]> classes;

	private ClassHistogram(Map<String, long[]> classes) {
		this.classes = classes;
	}

	static ClassHistogram of(Path jcmd, long pid) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IOException("jcmd failed: " + output);
		}
		return parse(output);
	}

	static ClassHistogram parse(String output) {
		Map<String, long[]> classes = new HashMap<>();
		for (String line : output.split("\n")) {
			Matcher matcher = LINE.matcher(line);
			if (matcher.matches()) {
				classes.merge(matcher.group(3),
						new long[] { Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)) },
						(a, b) -> new long[] { a[0] + b[0], a[1] + b[1] });
			}
		}
		return new ClassHistogram(classes);
	}

	ClassHistogram minus(ClassHistogram before) {
		Map<String, long[]> difference = new HashMap<>();
		this.classes.forEach((name, counts) -> {
			long[] old = before.classes.getOrDefault(name, new long[2]);
			difference.put(name, new long[] { counts[0] - old[0], counts[1] - old[1] });
		});
		return new ClassHistogram(difference);
	}

	/**
	 * Describe the largest classes per connection, as Markdown table rows.
	 * @param connections the number of connections the difference is for
	 * @param lines how many classes to list
	 * @return the rows, then a total
	 */
	String perConnection(int connections, int lines) {
		List<Map.Entry<String, long[]>> entries = new ArrayList<>(this.classes.entrySet());
		entries.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
		StringBuilder rows = new StringBuilder(
				"| class | instances per connection | bytes per connection |\n| --- | ---: | ---: |\n");
		long total = 0;
		for (Map.Entry<String, long[]> entry : entries) {
			total += entry.getValue()[1];
		}
		for (int i = 0; i < Math.min(lines, entries.size()); i++) {
			long[] counts = entries.get(i).getValue();
			rows.append(String.format(Locale.ROOT, "| `%s` | %.2f | %,.0f |%n", entries.get(i).getKey(),
					counts[0] / (double) connections, counts[1] / (double) connections));
		}
		rows.append(String.format(Locale.ROOT, "| **all classes** | | **%,.0f** |%n", total / (double) connections));
		return rows.toString();
	}

}
