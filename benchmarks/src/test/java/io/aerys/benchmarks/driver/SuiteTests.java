package io.aerys.benchmarks.driver;

import java.util.List;
import java.util.Set;

import io.aerys.benchmarks.load.Options;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SuiteTests {

	private final Suite suite = new Suite(Options.parse("--quick"));

	@Test
	void jdk25AloneRepeatsEveryEchoCase() {
		assertThat(keys(Set.of("jdk25"), true)).containsExactly("echo-64@25", "echo-16k@25", "open-64@25");
	}

	@Test
	void jdk25RepeatsOnlyTheEchoCasesNamedWithIt() {
		assertThat(keys(Set.of("echo-64", "jdk25"), true)).containsExactly("echo-64", "echo-64@25");
	}

	@Test
	void theWholeSuiteRunsEveryEchoCaseOnBothJdks() {
		assertThat(keys(Set.copyOf(Driver.ALL_CASES), true)).startsWith("echo-64", "echo-16k", "open-64", "echo-64@25",
				"echo-16k@25", "open-64@25");
	}

	@Test
	void withoutJdk25OnlyJdk17Runs() {
		assertThat(keys(Set.of("echo-64", "open-64", "jdk25"), false)).containsExactly("echo-64", "open-64");
	}

	@Test
	void onlyTheIdleConnectionsGetFewerRuns() {
		Suite suite = new Suite(Options.parse("--reps=5"));
		assertThat(suite.groups(Set.of("idle", "broadcast-slow", "echo-64"), false))
			.extracting(Suite.Group::id, suite::reps)
			.containsExactly(tuple("echo-64", 5), tuple("broadcast-slow", 5), tuple("idle", 2));
	}

	@Test
	void runsSpreadEvenlyOverTheRoundsOfFreshServers() {
		Suite suite = new Suite(Options.parse("--reps=5", "--rounds=2"));
		assertThat(suite.rounds(5)).containsExactly(3, 2);
		assertThat(suite.rounds(2)).containsExactly(1, 1);
		assertThat(suite.rounds(1)).containsExactly(1);
	}

	@Test
	void thePairsAlternateWhichServerGoesFirst() {
		List<String> modes = List.of(Measurements.STARTER, Measurements.BASELINE);
		assertThat(Suite.order(1, modes)).containsExactly(Measurements.STARTER, Measurements.BASELINE);
		assertThat(Suite.order(2, modes)).containsExactly(Measurements.BASELINE, Measurements.STARTER);
		assertThat(Suite.order(3, modes)).containsExactly(Measurements.STARTER, Measurements.BASELINE);
		assertThat(modes).containsExactly(Measurements.STARTER, Measurements.BASELINE);
	}

	@Test
	void aWarmServerGetsTheShortWarmUpAndAShorterOneStays() {
		Suite suite = new Suite(Options.parse("--warmup=15s", "--rewarm=5s"));
		Suite.Load load = new Suite.Load("", "echo", List.of("--size=64", "--warmup=15000ms"), false);
		assertThat(suite.arguments(load, false)).containsExactly("--size=64", "--warmup=15000ms");
		assertThat(Options.parse(suite.arguments(load, true).toArray(String[]::new)).getDuration("warmup", null))
			.hasSeconds(5);
		Suite.Load shortOne = new Suite.Load("with", "broadcast", List.of("--warmup=3s"), false);
		assertThat(suite.arguments(shortOne, true)).containsExactly("--warmup=3s");
	}

	@Test
	void aFreshServerWarmsUpForThirtySeconds() {
		Suite suite = new Suite(Options.parse());
		Suite.Load load = suite.groups(Set.of("echo-64"), false).get(0).loads(new Measurements()).get(0);
		assertThat(suite.arguments(load, false)).contains("--warmup=30000ms");
		assertThat(suite.arguments(load, true)).endsWith("--warmup=5000ms");
	}

	private List<String> keys(Set<String> cases, boolean jdk25) {
		return this.suite.groups(cases, jdk25).stream().map(Suite.Group::key).toList();
	}

}
