package io.aerys.benchmarks.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClassHistogramTests {

	private static final String BEFORE = """
			12345:
			 num     #instances         #bytes  class name (module)
			-------------------------------------------------------
			   1:          1000         100000  [B (java.base@17.0.15)
			   2:            10            400  java.lang.String (java.base@17.0.15)
			Total          1010         100400
			""";

	private static final String AFTER = """
			12345:
			 num     #instances         #bytes  class name (module)
			-------------------------------------------------------
			   1:          1200         900000  [B (java.base@17.0.15)
			   2:           110           4400  java.lang.String (java.base@17.0.15)
			   3:           100          15200  org.apache.tomcat.websocket.WsSession
			Total          1410         919600
			""";

	@Test
	void describesWhatEachConnectionAddedLargestFirst() {
		String table = ClassHistogram.parse(AFTER).minus(ClassHistogram.parse(BEFORE)).perConnection(100, 2);
		assertThat(table).contains("| `[B` | 2.00 | 8,000 |")
			.contains("| `org.apache.tomcat.websocket.WsSession` | 1.00 | 152 |")
			.doesNotContain("java.lang.String")
			.contains("| **all classes** | | **8,192** |");
		assertThat(table.indexOf("[B")).isLessThan(table.indexOf("WsSession"));
	}

}
