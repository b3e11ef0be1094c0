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
	void theIdleConnectionsGetFewerRunsAndTheClosedLoop64ByteEchoMore() {
		Suite suite = new Suite(Options.parse("--reps=5"));
		assertThat(suite.groups(Set.of("idle", "broadcast-slow", "echo-64", "echo-16k", "jdk25"), true))
			.extracting(Suite.Group::key, suite::reps)
			.containsExactly(tuple("echo-64", 10), tuple("echo-16k", 5), tuple("echo-64@25", 10),
					tuple("echo-16k@25", 5), tuple("broadcast-slow", 5), tuple("idle", 2));
	}

	@Test
	void runsSpreadEvenlyOverTheRoundsOfFreshServers() {
		assertThat(Suite.rounds(5, 2)).containsExactly(3, 2);
		assertThat(Suite.rounds(2, 2)).containsExactly(1, 1);
		assertThat(Suite.rounds(1, 2)).containsExactly(1);
	}

	@Test
	void theClosedLoop64ByteEchoGetsTwiceTheRoundsOfTheSameLength() {
		Suite suite = new Suite(Options.parse("--reps=6", "--rounds=2"));
		List<Suite.Group> groups = suite.groups(Set.of("echo-64", "open-64", "idle"), false);
		assertThat(groups).extracting(Suite.Group::id, suite::rounds)
			.containsExactly(tuple("echo-64", List.of(3, 3, 3, 3)), tuple("open-64", List.of(3, 3)),
					tuple("idle", List.of(1, 1)));
	}

	@Test
	void theRunsLineSaysHowManyRunsEachCaseGets() {
		assertThat(new Suite(Options.parse()).describe()).startsWith(
				"6 runs per case and server (A B, B A, A B ...; 2 for idle, 12 for the closed-loop 64 B echo, "
						+ "each of whose runs loads both servers in turns of 1 s, A B B A ...) "
						+ "in rounds of fresh server processes, at most 3 pairs each, 30 s warm-up");
	}

	@Test
	void onlyTheClosedLoop64ByteEchoLoadsBothServersInEachRun() {
		assertThat(this.suite.groups(Set.copyOf(Driver.ALL_CASES), true)).filteredOn(Suite::interleaved)
			.extracting(Suite.Group::key)
			.containsExactly("echo-64", "echo-64@25");
	}

	@Test
	void aPairOfTheClosedLoop64ByteEchoIsOneRunOfBothServersAndOtherPairsARunOfEach() {
		List<String> order = List.of(Measurements.BASELINE, Measurements.STARTER);
		List<Suite.Group> groups = this.suite.groups(Set.of("echo-64", "echo-16k"), false);
		assertThat(Suite.runs(groups.get(0), order)).containsExactly(order);
		assertThat(Suite.runs(groups.get(1), order)).containsExactly(List.of(Measurements.BASELINE),
				List.of(Measurements.STARTER));
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
