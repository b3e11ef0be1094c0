package io.aerys.benchmarks.driver;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises where a server spent its CPU, from the {@code jdk.ExecutionSample} events of a
 * flight recording (what {@code jfr print --events jdk.ExecutionSample} lists): the share of samples
 * by the code the sampled thread was running (self), by method anywhere on the stack (inclusive),
 * and by thread; and the {@code jdk.NativeMethodSample} events of threads working in native code
 * (socket reads and writes), not waiting in it. Samples of the first seconds of load (start-up,
 * JIT warm-up) are left out.
 */
final class Profile {

	private static final long SKIP_SECONDS = 3;

	private final Map<String, Integer> self = new HashMap<>();

	private final Map<String, Integer> inclusive = new HashMap<>();

	private final Map<String, Integer> categories = new LinkedHashMap<>();

	private final Map<String, Integer> threads = new HashMap<>();

	/** Threads in native code, by the native method: socket reads and writes show here. */
	private final Map<String, Integer> nativeSelf = new HashMap<>();

	private int samples;

	private int nativeSamples;

	static Profile of(Path recording) throws IOException {
		List<RecordedEvent> events = new ArrayList<>();
		Instant firstLoad = null;
		for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
			String type = event.getEventType().getName();
			if ((type.equals("jdk.ExecutionSample") || type.equals("jdk.NativeMethodSample")) && event.getStackTrace() != null) {
				events.add(event);
				if (isWebSocketWork(event.getStackTrace()) && (firstLoad == null || event.getStartTime().isBefore(firstLoad))) {
					firstLoad = event.getStartTime();
				}
			}
		}
		Profile profile = new Profile();
		Instant from = (firstLoad != null) ? firstLoad.plusSeconds(SKIP_SECONDS) : Instant.MIN;
		for (RecordedEvent event : events) {
			if (!event.getStartTime().isBefore(from)) {
				if (event.getEventType().getName().equals("jdk.NativeMethodSample")) {
					profile.addNative(event);
				}
				else {
					profile.add(event);
				}
			}
		}
		return profile;
	}

	private static boolean isWebSocketWork(RecordedStackTrace stack) {
		for (RecordedFrame frame : stack.getFrames()) {
			if (frame.getMethod().getType().getName().startsWith("org.apache.tomcat.websocket")) {
				return true;
			}
		}
		return false;
	}

	private void add(RecordedEvent event) {
		List<RecordedFrame> frames = event.getStackTrace().getFrames();
		if (frames.isEmpty()) {
			return;
		}
		this.samples++;
		this.self.merge(name(frames.get(0)), 1, Integer::sum);
		this.categories.merge(category(frames.get(0).getMethod().getType().getName()), 1, Integer::sum);
		Set<String> seen = new HashSet<>();
		for (RecordedFrame frame : frames) {
			String name = name(frame);
			if (seen.add(name)) {
				this.inclusive.merge(name, 1, Integer::sum);
			}
		}
		String thread = event.getThread("sampledThread").getJavaName();
		this.threads.merge((thread != null) ? thread.replaceAll("-?\\d+$", "-N").replaceAll("-\\d+-", "-N-") : "?", 1,
				Integer::sum);
	}

	private void addNative(RecordedEvent event) {
		List<RecordedFrame> frames = event.getStackTrace().getFrames();
		if (frames.isEmpty() || isWaiting(name(frames.get(0)))) {
			return;
		}
		this.nativeSamples++;
		this.nativeSelf.merge(name(frames.get(0)), 1, Integer::sum);
	}

	/** Native methods in which a thread waits rather than works. */
	private static boolean isWaiting(String method) {
		return method.startsWith("EPoll.") || method.contains("accept") || method.startsWith("Unsafe.park")
				|| method.startsWith("Object.wait") || method.startsWith("Thread.sleep") || method.contains("poll");
	}

	private static String name(RecordedFrame frame) {
		String type = frame.getMethod().getType().getName();
		return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
	}

	static String category(String type) {
		if (type.startsWith("io.aerys.")) {
			return "starter (io.aerys)";
		}
		if (type.startsWith("org.springframework.")) {
			return "Spring WebSocket adapter";
		}
		if (type.startsWith("org.apache.tomcat.websocket")) {
			return "Tomcat WebSocket (framing, masking, UTF-8 via Tomcat)";
		}
		if (type.startsWith("org.apache.tomcat") || type.startsWith("org.apache.coyote")) {
			return "Tomcat connector (poller, socket wrapper, executor)";
		}
		if (type.startsWith("sun.nio.ch") || type.startsWith("java.nio.channels") || type.startsWith("sun.nio.fs")) {
			return "socket I/O (sun.nio.ch)";
		}
		if (type.startsWith("sun.nio.cs") || type.startsWith("java.nio.charset") || type.equals("java.lang.StringCoding")
				|| type.startsWith("java.lang.String")) {
			return "strings and UTF-8 (JDK)";
		}
		if (type.startsWith("java.util.concurrent") || type.startsWith("jdk.internal.misc")) {
			return "queues, locks, thread hand-off (java.util.concurrent)";
		}
		return "other JDK and libraries";
	}

	int samples() {
		return this.samples;
	}

	/**
	 * Render the summary as Markdown.
	 * @param top how many methods to list
	 * @return the summary
	 */
	String toMarkdown(int top) {
		StringBuilder out = new StringBuilder();
		out.append("Samples: ").append(this.samples).append("\n\n");
		out.append("| by code running (self) | share |\n| --- | ---: |\n");
		sorted(this.categories, 20).forEach((name, count) -> row(out, name, percent(count)));
		out.append("\n| top methods (self) | share |\n| --- | ---: |\n");
		sorted(this.self, top).forEach((name, count) -> row(out, "`" + name + "`", percent(count)));
		out.append("\n| top methods (inclusive, below 90%) | share |\n| --- | ---: |\n");
		Map<String, Integer> inclusive = new HashMap<>(this.inclusive);
		inclusive.values().removeIf((count) -> count > this.samples * 0.9);
		sorted(inclusive, top).forEach((name, count) -> row(out, "`" + name + "`", percent(count)));
		out.append("\n| thread | share |\n| --- | ---: |\n");
		sorted(this.threads, 8).forEach((name, count) -> row(out, name, percent(count)));
		out.append("\nIn native code, not waiting (`jdk.NativeMethodSample`): ").append(this.nativeSamples)
			.append(" samples beside the ")
			.append(this.samples)
			.append(" in Java.\n\n| native method | samples |\n| --- | ---: |\n");
		sorted(this.nativeSelf, 6).forEach((name, count) -> row(out, "`" + name + "`", Integer.toString(count)));
		return out.toString();
	}

	private static void row(StringBuilder out, String name, String value) {
		out.append("| ").append(name).append(" | ").append(value).append(" |\n");
	}

	private String percent(int count) {
		return String.format(Locale.ROOT, "%.1f%%", 100.0 * count / Math.max(1, this.samples));
	}

	private static Map<String, Integer> sorted(Map<String, Integer> counts, int limit) {
		Map<String, Integer> sorted = new LinkedHashMap<>();
		counts.entrySet()
			.stream()
			.sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
			.limit(limit)
			.forEach((entry) -> sorted.put(entry.getKey(), entry.getValue()));
		return sorted;
	}

}
