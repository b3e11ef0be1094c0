package io.aerys.websocket.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.aerys.websocket.OnData;
import io.aerys.websocket.OnHandshake;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.invoke.Callback;
import io.aerys.websocket.test.TestClient;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Handshakes, opens, closes and (when asked) messages are Micrometer observations with
 * low-cardinality keys, so tracing gets spans without code.
 */
@SpringBootTest(classes = ObservationTests.ObservedApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "aerys.websocket.observations.data=true")
class ObservationTests {

	static final List<Observation.Context> observed = new CopyOnWriteArrayList<>();

	@LocalServerPort
	int port;

	@Test
	void observesTheLifeOfAConnection() {
		observed.clear();
		try (TestClient client = TestClient.connect("ws://localhost:" + this.port + "/observed/1")) {
			client.send("ping");
			assertThat(client.nextText()).isEqualTo("ping");
			client.close(1000, "done");
			client.awaitClose();
		}
		assertThat(TestClient.refusedStatus("ws://localhost:" + this.port + "/observed/2?deny", Map.of()))
			.isEqualTo(403);
		await().untilAsserted(() -> assertThat(observed).extracting(ObservationTests::describe)
			.containsExactlyInAnyOrder("handshake success", "open success", "data success", "close success",
					"handshake rejected"));
		assertThat(observed).allSatisfy((context) -> {
			assertThat(context.getName()).isEqualTo(ObservationCallbackObserver.NAME);
			assertThat(context.getLowCardinalityKeyValue("endpoint").getValue()).isEqualTo("/observed/{id}");
			assertThat(context.getHighCardinalityKeyValues()).isEmpty();
		});
	}

	@Test
	void leavesMessagesUnobservedUnlessAsked() {
		ObservationCallbackObserver observer = new ObservationCallbackObserver(ObservationRegistry.create(), false);
		assertThat(observer.start(null, Callback.DATA)).isNull();
	}

	private static String describe(Observation.Context context) {
		KeyValue callback = context.getLowCardinalityKeyValue("callback");
		KeyValue outcome = context.getLowCardinalityKeyValue("outcome");
		return callback.getValue() + " " + outcome.getValue();
	}

	@SpringBootApplication
	@Import(ObservedSocket.class)
	static class ObservedApp {

		@Bean
		ObservationRegistry observationRegistry() {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new ObservationHandler<>() {

				@Override
				public boolean supportsContext(Observation.Context context) {
					return true;
				}

				@Override
				public void onStop(Observation.Context context) {
					if (ObservationCallbackObserver.NAME.equals(context.getName())) {
						observed.add(context);
					}
				}

			});
			return registry;
		}

	}

	@WebsocketEndpoint("/observed/{id}")
	static class ObservedSocket {

		@OnHandshake
		void handshake(ServerHttpRequest request, ServerHttpResponse response) {
			if ("deny".equals(request.getURI().getQuery())) {
				response.setStatusCode(HttpStatus.FORBIDDEN);
			}
		}

		@OnData
		String data(String text) {
			return text;
		}

	}

}
