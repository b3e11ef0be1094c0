package io.aerys.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

import io.aerys.benchmarks.server.BenchmarkServer;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every load against both servers, in this JVM and at tiny sizes: a smoke test of the load
 * generator and of the two servers behaving alike.
 */
class LoadGeneratorTests {

	private static final Map<String, ConfigurableApplicationContext> servers = new LinkedHashMap<>();

	@BeforeAll
	static void startServers() {
		for (String mode : new String[] { "starter", "baseline" }) {
			servers.put(mode, BenchmarkServer.application(mode)
				.run("--mode=" + mode, "--server.port=0", "--bench.baseline.text-buffer-size=32768"));
		}
	}

	@AfterAll
	static void stopServers() {
		servers.values().forEach(ConfigurableApplicationContext::close);
	}

	private static String url(String mode) {
		return "--url=ws://127.0.0.1:"
				+ ((WebServerApplicationContext) servers.get(mode)).getWebServer().getPort();
	}

	private static Result run(String load, String mode, String... options) throws Exception {
		String[] all = new String[options.length + 3];
		all[0] = url(mode);
		all[1] = "--warmup=200ms";
		all[2] = "--duration=500ms";
		System.arraycopy(options, 0, all, 3, options.length);
		return LoadGenerator.run(load, Options.parse(all));
	}

	@ParameterizedTest
	@ValueSource(strings = { "starter", "baseline" })
	void echoesSmallMessagesInClosedLoop(String mode) throws Exception {
		Result result = run("echo", mode, "--connections=3", "--in-flight=2", "--size=64");
		assertThat(result.get("throughput")).isPositive();
		assertThat(result.get("latency.count")).isPositive();
		assertThat(result.get("closed")).isZero();
		assertThat(result.get("serverCores")).isNotNegative();
	}

	@Test
	void echoesOnBothServersInTurnsAndMeasuresEach() throws Exception {
		Result result = run("echo", "starter", "--versus=" + url("baseline").substring("--url=".length()),
				"--connections=3", "--size=64", "--burst=100ms");
		for (String server : new String[] { "", Result.SECOND }) {
			assertThat(result.get(server + "throughput")).isPositive();
			assertThat(result.get(server + "seconds")).isCloseTo(0.5, Percentage.withPercentage(40));
			assertThat(result.get(server + "latency.count")).isPositive();
			assertThat(result.get(server + "serverCpuPerMessage")).isPositive();
			assertThat(result.get(server + "closed")).isZero();
		}
	}

	@Test
	void theServersTakeTurnsABBA() {
		assertThat(IntStream.range(0, 8).map(EchoLoad::turnOf).toArray()).containsExactly(0, 1, 1, 0, 0, 1, 1, 0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "starter", "baseline" })
	void echoesMessagesLargerThanTomcatsBuffer(String mode) throws Exception {
		Result result = run("echo", mode, "--connections=2", "--size=16k");
		assertThat(result.get("throughput")).isPositive();
		assertThat(result.get("closed")).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "starter", "baseline" })
	void servesTheOpenLoopRate(String mode) throws Exception {
		Result result = run("open", mode, "--connections=2", "--rate=400");
		assertThat(result.get("throughput")).isBetween(200.0, 600.0);
		assertThat(result.get("unanswered")).isZero();
		assertThat(result.get("latency.count")).isPositive();
	}

	@ParameterizedTest
	@ValueSource(strings = { "starter", "baseline" })
	void broadcastsToEveryReceiverBesideOneThatNeverReads(String mode) throws Exception {
		Result result = run("broadcast", mode, "--receivers=4", "--slow=1", "--window=4", "--size=1k");
		assertThat(result.get("deliveries")).isPositive();
		assertThat(result.get("broadcasts") * 4).isCloseTo(result.get("deliveries"), Percentage.withPercentage(20));
		assertThat(result.get("receiversClosed")).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "starter", "baseline" })
	void opensIdleConnectionsFromSeveralSourceAddresses(String mode) throws Exception {
		Result result = LoadGenerator.run("idle",
				Options.parse(url(mode), "--connections=20", "--source-addresses=2", "--settle=100ms"));
		assertThat(result.get("open")).isEqualTo(20);
		assertThat(result.get("heapPerConnection")).isFinite();
		assertThat(result.get("rssPerConnection")).isFinite();
	}

}
