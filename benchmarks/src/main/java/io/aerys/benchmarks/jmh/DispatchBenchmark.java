package io.aerys.benchmarks.jmh;

import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;

import io.aerys.websocket.Endpoint;
import io.aerys.websocket.invoke.Callback;
import io.aerys.websocket.invoke.CallbackMethod;
import io.aerys.websocket.invoke.CallbackMethodFactory;
import io.aerys.websocket.invoke.ClientContext;
import io.aerys.websocket.invoke.Invocation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.core.convert.support.DefaultConversionService;

/**
 * The per-message dispatch path of the starter (argument resolution and invocation of an
 * {@code @OnData} method) against calling the same method directly. The payload exists before
 * the call, as the container's decoded message does, so any allocation reported is the dispatch's
 * own. Like the server, the dispatch goes through the client's one reusable {@link Invocation}.
 * <p>
 * {@code dispatch} sees one callback method only, as in an application with one endpoint;
 * {@code dispatchMixed} first calls other callbacks through the same code, as in an application
 * with several endpoints and callbacks, so the JIT cannot assume one target.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DispatchBenchmark {

	private final EchoSocket socket = new EchoSocket();

	private final Endpoint endpoint = new NoEndpoint();

	private final ClientContext client = new FixedClient(42L);

	private final String payload = "x".repeat(64);

	private final Invocation invocation = Invocation.forMessages(this.endpoint, this.client);

	private CallbackMethod text;

	private CallbackMethod clientIdAndText;

	@Setup
	public void setUp() {
		CallbackMethodFactory factory = new CallbackMethodFactory(DefaultConversionService.getSharedInstance(), null);
		this.text = factory.create(Callback.DATA, this.socket, method("echo", String.class));
		this.clientIdAndText = factory.create(Callback.DATA, this.socket, method("echo", long.class, String.class));
	}

	static Method method(String name, Class<?>... types) {
		try {
			return EchoSocket.class.getDeclaredMethod(name, types);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Benchmark
	public String direct() {
		return this.socket.echo(this.payload);
	}

	@Benchmark
	public Object dispatch() throws Throwable {
		return dispatch(this.text);
	}

	@Benchmark
	public String directWithClientId() {
		return this.socket.echo(this.client.id(), this.payload);
	}

	@Benchmark
	public Object dispatchWithClientId() throws Throwable {
		return dispatch(this.clientIdAndText);
	}

	@Benchmark
	public Object dispatchMixed(MixedCallbacks mixed) throws Throwable {
		return dispatch(this.text);
	}

	/** What the server does per message. */
	private Object dispatch(CallbackMethod method) throws Throwable {
		return this.invocation.invoke(method, this.payload);
	}

	/**
	 * Calls several other callback methods through {@link CallbackMethod#invoke} before the
	 * measurement, so that its call sites have seen more than one target when they are compiled.
	 */
	@State(Scope.Thread)
	public static class MixedCallbacks {

		@Setup
		public void pollute(DispatchBenchmark benchmark) throws Throwable {
			CallbackMethodFactory factory = new CallbackMethodFactory(DefaultConversionService.getSharedInstance(),
					null);
			OtherSocket other = new OtherSocket();
			CallbackMethod[] others = {
					factory.create(Callback.DATA, other, OtherSocket.class.getDeclaredMethod("data", String.class)),
					factory.create(Callback.DATA, other,
							OtherSocket.class.getDeclaredMethod("withEndpoint", Endpoint.class, String.class)),
					factory.create(Callback.DATA, other, OtherSocket.class.getDeclaredMethod("bytes", byte[].class)),
					factory.create(Callback.OPEN, other, OtherSocket.class.getDeclaredMethod("open", long.class)),
					benchmark.clientIdAndText };
			for (int i = 0; i < 200_000; i++) {
				CallbackMethod method = others[i % others.length];
				Invocation invocation = (method.callback() == Callback.OPEN)
						? Invocation.ofClient(benchmark.endpoint, benchmark.client)
						: Invocation.ofData(benchmark.endpoint, benchmark.client, benchmark.payload);
				method.invoke(invocation);
			}
		}

	}

	/**
	 * The endpoint of the benchmark, as a user writes it.
	 */
	public static class EchoSocket {

		public String echo(String text) {
			return text;
		}

		public String echo(long clientId, String text) {
			return (clientId != 0) ? text : "";
		}

	}

	/**
	 * Other callbacks, only to call the dispatch code with other targets.
	 */
	public static class OtherSocket {

		public int count;

		public void data(String text) {
			this.count += text.length();
		}

		public String withEndpoint(Endpoint endpoint, String text) {
			return text;
		}

		public void bytes(byte[] data) {
			this.count += data.length;
		}

		public void open(long clientId) {
			this.count++;
		}

	}

}
