package io.aerys.websocket.invoke;

import java.lang.reflect.Method;
import java.util.Map;

import io.aerys.websocket.Endpoint;
import io.aerys.websocket.Message;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.web.bind.annotation.PathVariable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Calls of callback methods of every arity, with primitive parameters, void results and failures.
 */
class CallbackMethodTests {

	private final CallbackMethodFactory factory = new CallbackMethodFactory(DefaultConversionService.getSharedInstance(),
			null);

	private final Socket socket = new Socket();

	private final Endpoint endpoint = mock(Endpoint.class);

	private final ClientContext client = mock(ClientContext.class);

	@BeforeEach
	void stubEndpointAndClient() {
		given(this.endpoint.path()).willReturn("/echo");
		given(this.client.id()).willReturn(7L);
		given(this.client.pathVariables()).willReturn(Map.of("room", "42"));
	}

	@Test
	void callsAMethodWithoutParameters() throws Throwable {
		assertThat(invoke("none")).isEqualTo("none");
	}

	@Test
	void passesTheMessageAndThePrimitiveClientId() throws Throwable {
		assertThat(invoke("idAndText", long.class, String.class)).isEqualTo("7: hi");
	}

	@Test
	void passesEveryArgumentInDeclarationOrder() throws Throwable {
		assertThat(invoke("four", String.class, long.class, Endpoint.class, String.class)).isEqualTo("hi 7 /echo 42");
	}

	@Test
	void passesArgumentsToMethodsWithManyParameters() throws Throwable {
		assertThat(invoke("six", long.class, String.class, Endpoint.class, Long.class, String.class, long.class))
			.isEqualTo("7 hi /echo 7 42 7");
	}

	@Test
	void returnsNullForVoidMethods() throws Throwable {
		assertThat(invoke("nothing", String.class)).isNull();
		assertThat(this.socket.received).isEqualTo("hi");
	}

	@Test
	void throwsWhatTheMethodThrowsUnwrapped() {
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> invoke("fails", String.class))
			.withMessage("failed on hi");
	}

	@Test
	void callsStaticMethods() throws Throwable {
		assertThat(invoke("shout", String.class)).isEqualTo("HI");
	}

	@Test
	void tellsWhetherTheMessageIsStreamed() throws Exception {
		assertThat(this.factory.create(Callback.DATA, this.socket, Socket.class.getDeclaredMethod("stream", Message.class))
			.takesStream()).isTrue();
		assertThat(this.factory.create(Callback.DATA, this.socket, Socket.class.getDeclaredMethod("nothing", String.class))
			.takesStream()).isFalse();
	}

	private @Nullable Object invoke(String name, Class<?>... types) throws Throwable {
		Method method = Socket.class.getDeclaredMethod(name, types);
		return this.factory.create(Callback.DATA, this.socket, method)
			.invoke(Invocation.ofData(this.endpoint, this.client, "hi"));
	}

	static class Socket {

		@Nullable String received;

		String none() {
			return "none";
		}

		String idAndText(long clientId, String text) {
			return clientId + ": " + text;
		}

		String four(String text, long clientId, Endpoint endpoint, @PathVariable String room) {
			return text + " " + clientId + " " + endpoint.path() + " " + room;
		}

		String six(long clientId, String text, Endpoint endpoint, Long boxedId, @PathVariable String room, long again) {
			return clientId + " " + text + " " + endpoint.path() + " " + boxedId + " " + room + " " + again;
		}

		void nothing(String text) {
			this.received = text;
		}

		String fails(String text) {
			throw new IllegalStateException("failed on " + text);
		}

		void stream(Message message) {
		}

		static String shout(String text) {
			return text.toUpperCase();
		}

	}

}
