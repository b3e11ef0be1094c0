package io.aerys.benchmarks.server;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's socket send buffer, when a case asks for one ({@code --bench.tomcat.socket-send-buffer}),
 * for both servers alike. Left to Linux, the send buffer of a client that never reads grows to
 * 4 MiB, which takes many seconds of broadcasting to fill; a fixed one makes such a client
 * behave as one behind a slow link: its socket is full within a second.
 */
@Configuration(proxyBeanMethods = false)
class SocketBuffers {

	@Bean
	TomcatConnectorCustomizer socketSendBuffer(@Value("${bench.tomcat.socket-send-buffer:0}") int bytes) {
		return (connector) -> {
			if (bytes > 0) {
				connector.setProperty("socket.txBufSize", Integer.toString(bytes));
			}
		};
	}

}
