package io.aerys.benchmarks.load;

import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResultTests {

	@Test
	void readsBackTheLineItPrints() {
		Histogram latency = Result.newLatencyHistogram();
		latency.recordValue(2_000_000);
		Result result = new Result().put("throughput", 1234.5).putLatency("latency", latency);
		Result read = Result.parse(result.toLine());
		assertThat(read.get("throughput")).isEqualTo(1234.5);
		assertThat(read.get("latency.p99")).isCloseTo(2000, org.assertj.core.data.Offset.offset(2.0));
	}

	@Test
	void splitsTheFiguresOfTwoServersAndGivesTheRunsOwnToBoth() {
		Result first = new Result().put("throughput", 100).put("serverCpuPerMessage", 20);
		Result second = new Result().put("throughput", 90).put("serverCpuPerMessage", 22);
		Result both = Result.parse(first.putAll(Result.SECOND, second).put("clientCpuSeconds", 7).toLine());
		assertThat(both.split()).extracting(Result::values)
			.containsExactly(Map.of("throughput", 100.0, "serverCpuPerMessage", 20.0, "clientCpuSeconds", 7.0),
					Map.of("throughput", 90.0, "serverCpuPerMessage", 22.0, "clientCpuSeconds", 7.0));
	}

	@Test
	void aResultOfOneServerSplitsIntoItself() {
		Result one = new Result().put("throughput", 100);
		assertThat(one.split()).containsExactly(one);
	}

	@Test
	void parsesSizesAndDurations() {
		Options options = Options.parse("--size=16k", "--big=1m", "--warmup=250ms", "--duration=2s", "--quick");
		assertThat(options.getInt("size", 0)).isEqualTo(16384);
		assertThat(options.getInt("big", 0)).isEqualTo(1 << 20);
		assertThat(options.getDuration("warmup", null).toMillis()).isEqualTo(250);
		assertThat(options.getDuration("duration", null).toMillis()).isEqualTo(2000);
		assertThat(options.has("quick")).isTrue();
	}

}
