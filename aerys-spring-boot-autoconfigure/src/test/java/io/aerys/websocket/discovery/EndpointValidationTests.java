package io.aerys.websocket.discovery;

import java.util.concurrent.CompletableFuture;

import io.aerys.websocket.OnClose;
import io.aerys.websocket.OnData;
import io.aerys.websocket.OnOpen;
import io.aerys.websocket.OnStart;
import io.aerys.websocket.WebsocketEndpoint;
import io.aerys.websocket.autoconfigure.AerysWebSocketAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.bind.annotation.PathVariable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule of an endpoint declaration fails the start with a sentence naming the class, the
 * method and the rule, and a failure analysis saying what to change.
 */
class EndpointValidationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AerysWebSocketAutoConfiguration.class));

	@Test
	void failsWhenTwoMethodsCarryOneAnnotation() {
		assertFailure(TwoOnData.class,
				"Failed to process @WebsocketEndpoint on bean with name 'twoOnData': @OnData is declared on 2 methods "
						+ "of TwoOnData, at most one is allowed: TwoOnData#a(String) and TwoOnData#b(String)",
				"Keep @OnData on one method of TwoOnData.");
	}

	@Test
	void failsOnAnUnsupportedParameter() {
		assertFailure(UnsupportedParameter.class,
				"@OnClose method parameter 1 of type Thread is not supported: UnsupportedParameter#close(long, Thread). "
						+ "@OnClose methods may declare:",
				"Change the parameters of UnsupportedParameter#close(long, Thread)");
	}

	@Test
	void failsOnAWrongReturnType() {
		assertFailure(CloseReturnsString.class,
				"@OnClose method must return void: CloseReturnsString#close(long, int, String)",
				"Change the return type of CloseReturnsString#close(long, int, String)");
	}

	@Test
	void failsWhenOnStartReturnsSomethingElseThanACompletionStage() {
		assertFailure(StartReturnsString.class,
				"@OnStart method must return void or a CompletionStage: StartReturnsString#start()",
				"Change the return type of StartReturnsString#start()");
	}

	@Test
	void acceptsACompletionStageFromOnStart() {
		this.runner.withBean(StartReturnsStage.class).run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void failsWhenTwoEndpointsShareAPath() {
		this.runner.withBean("firstOnWs", FirstOnWs.class).withBean("secondOnWs", SecondOnWs.class).run((context) -> {
			assertThat(context).hasFailed();
			InvalidEndpointException failure = invalidEndpoint(context.getStartupFailure());
			assertThat(failure.getMessage()).contains("Endpoints 'firstOnWs' (" + FirstOnWs.class.getName() + ") and "
					+ "'secondOnWs' (" + SecondOnWs.class.getName() + ") are both declared on path '/ws'");
			assertThat(failure.getAction()).contains("Give each @WebsocketEndpoint its own path");
		});
	}

	@Test
	void failsOnARelativePath() {
		assertFailure(RelativePath.class,
				"Failed to process @WebsocketEndpoint on bean with name 'relativePath': @WebsocketEndpoint path "
						+ "'chat' is invalid: it must start with '/'",
				"Declare the path as a Spring path pattern starting with '/'");
	}

	@Test
	void failsOnAMalformedPattern() {
		assertFailure(MalformedPath.class, "@WebsocketEndpoint path '/chat/{room' is invalid:",
				"Declare the path as a Spring path pattern");
	}

	@Test
	void failsWhenAMethodImplementsTwoCallbacks() {
		assertFailure(OpenAndData.class,
				"A method may implement one callback only, but OpenAndData#both(long) is annotated with both @OnOpen "
						+ "and @OnData",
				"Split OpenAndData#both(long) into one method per callback.");
	}

	@Test
	void failsOnAPathVariableThePathDoesNotDeclare() {
		assertFailure(UnknownPathVariable.class,
				"@OnOpen method parameter 0 is bound to path variable 'room', which path '/chat/{channel}' does not "
						+ "declare: UnknownPathVariable#open(String)",
				"Use one of the variables of '/chat/{channel}' [channel] or add '{room}' to the path.");
	}

	@Test
	void failsOnTwoMessageParameters() {
		assertFailure(TwoPayloads.class,
				"@OnData method may declare at most one message parameter, found String and byte[]: "
						+ "TwoPayloads#data(String, byte[])",
				"Change the parameters of TwoPayloads#data(String, byte[])");
	}

	@Test
	void failsOnHandshakeOnlyParametersInOtherCallbacks() {
		assertFailure(RequestInOpen.class,
				"@OnOpen method parameter 0 of type ServerHttpRequest is not supported: "
						+ "RequestInOpen#open(ServerHttpRequest)",
				"Change the parameters");
	}

	@Test
	void findsEndpointsThroughMetaAnnotations() {
		this.runner.withBean(MetaAnnotated.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(io.aerys.websocket.Endpoints.class).get("/meta").path()).isEqualTo("/meta");
		});
	}

	private void assertFailure(Class<?> endpointClass, String message, String action) {
		String beanName = java.beans.Introspector.decapitalize(endpointClass.getSimpleName());
		this.runner.withBean(beanName, endpointClass).run((context) -> {
			assertThat(context).hasFailed();
			InvalidEndpointException failure = invalidEndpoint(context.getStartupFailure());
			assertThat(failure.getMessage()).contains(message);
			FailureAnalysis analysis = new InvalidEndpointFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains(message);
			assertThat(analysis.getAction()).contains(action);
		});
	}

	private static InvalidEndpointException invalidEndpoint(Throwable failure) {
		Throwable cause = failure;
		while (cause != null && !(cause instanceof InvalidEndpointException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("InvalidEndpointException in the causes of %s", failure).isNotNull();
		return (InvalidEndpointException) cause;
	}

	@WebsocketEndpoint("/two")
	static class TwoOnData {

		@OnData
		void a(String text) {
		}

		@OnData
		void b(String text) {
		}

	}

	@WebsocketEndpoint("/unsupported")
	static class UnsupportedParameter {

		@OnClose
		void close(long clientId, Thread thread) {
		}

	}

	@WebsocketEndpoint("/close")
	static class CloseReturnsString {

		@OnClose
		String close(long clientId, int code, String reason) {
			return reason;
		}

	}

	@WebsocketEndpoint("/start")
	static class StartReturnsString {

		@OnStart
		String start() {
			return "started";
		}

	}

	@WebsocketEndpoint("/start-stage")
	static class StartReturnsStage {

		@OnStart
		CompletableFuture<Void> start() {
			return CompletableFuture.completedFuture(null);
		}

	}

	@WebsocketEndpoint("/ws")
	static class FirstOnWs {

	}

	@WebsocketEndpoint(path = "/ws")
	static class SecondOnWs {

	}

	@WebsocketEndpoint("chat")
	static class RelativePath {

	}

	@WebsocketEndpoint("/chat/{room")
	static class MalformedPath {

	}

	@WebsocketEndpoint("/both")
	static class OpenAndData {

		@OnOpen
		@OnData
		void both(long clientId) {
		}

	}

	@WebsocketEndpoint("/chat/{channel}")
	static class UnknownPathVariable {

		@OnOpen
		void open(@PathVariable String room) {
		}

	}

	@WebsocketEndpoint("/payloads")
	static class TwoPayloads {

		@OnData
		void data(String text, byte[] bytes) {
		}

	}

	@WebsocketEndpoint("/request")
	static class RequestInOpen {

		@OnOpen
		void open(org.springframework.http.server.ServerHttpRequest request) {
		}

	}

	@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
	@java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
	@WebsocketEndpoint("/meta")
	@interface MetaEndpoint {

	}

	@MetaEndpoint
	static class MetaAnnotated {

		@OnData
		String data(String text) {
			return text;
		}

	}

}
