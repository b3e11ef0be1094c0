package io.aerys.websocket.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.aerys.websocket.invoke.Callback;
import io.aerys.websocket.invoke.CallbackMethod;
import io.aerys.websocket.invoke.Invocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.CloseStatus;

/**
 * Starts and stops every endpoint: {@code @OnStart} before the first handshake is accepted; at
 * shutdown, handshakes refused with 503, no more {@code @OnData}, {@code @OnStop} awaited, what was
 * queued delivered, then every client closed with 1001 and its {@code @OnClose} run, all within the
 * lifecycle timeout.
 */
public final class EndpointLifecycle {

	private static final Log logger = LogFactory.getLog(EndpointLifecycle.class);

	/** Most of the lifecycle timeout kept for closing clients when {@code @OnStop} overruns. */
	private static final Duration MAX_CLOSE_RESERVE = Duration.ofSeconds(5);

	static final CloseStatus SHUTDOWN = new CloseStatus(CloseStatus.GOING_AWAY.getCode(), "Server shutting down");

	private final DefaultEndpoints endpoints;

	private final Duration timeout;

	private final List<ScheduledFuture<?>> watchdogs = new ArrayList<>();

	public EndpointLifecycle(DefaultEndpoints endpoints, Duration timeout) {
		this.endpoints = endpoints;
		this.timeout = timeout;
	}

	/**
	 * Run every {@code @OnStart} and open the endpoints to handshakes.
	 */
	public synchronized void start() {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		for (DefaultEndpoint endpoint : this.endpoints.runtimes()) {
			if (endpoint.state() != EndpointState.NEW) {
				continue;
			}
			runStartCallback(endpoint, deadline);
			endpoint.state(EndpointState.RUNNING);
			long period = ClientWatchdog.period(endpoint.runtime().settings()).toMillis();
			this.watchdogs.add(endpoint.runtime()
				.timer()
				.scheduleWithFixedDelay(new ClientWatchdog(endpoint), period, period, TimeUnit.MILLISECONDS));
		}
	}

	/**
	 * Stop every endpoint and close its clients, within the lifecycle timeout. The timeout is one
	 * budget for the whole shutdown: {@code @OnStop} of every endpoint (run in parallel) may take
	 * all of it but a reserve, kept so that clients are still closed with 1001 when {@code @OnStop}
	 * overruns. Half the reserve goes to closing clients after what was queued for them, the rest
	 * to closing at once those that did not close meanwhile.
	 */
	public synchronized void stop() {
		long start = System.nanoTime();
		long timeout = this.timeout.toNanos();
		long reserve = Math.min(timeout / 4, MAX_CLOSE_RESERVE.toNanos());
		List<DefaultEndpoint> running = new ArrayList<>();
		for (DefaultEndpoint endpoint : this.endpoints.runtimes()) {
			if (endpoint.state() == EndpointState.RUNNING) {
				endpoint.state(EndpointState.STOPPING);
				running.add(endpoint);
			}
		}
		runStopCallbacks(running, start + timeout - reserve);
		if (!closeClients(running, start + timeout - reserve / 2)) {
			forceCloseClients(running, start + timeout);
		}
		this.watchdogs.forEach((watchdog) -> watchdog.cancel(false));
		this.watchdogs.clear();
		running.forEach((endpoint) -> endpoint.state(EndpointState.STOPPED));
	}

	private void runStopCallbacks(List<DefaultEndpoint> endpoints, long deadline) {
		long start = System.nanoTime();
		Map<DefaultEndpoint, CompletableFuture<?>> stopping = new LinkedHashMap<>();
		Map<DefaultEndpoint, Long> finishedAt = new ConcurrentHashMap<>();
		for (DefaultEndpoint endpoint : endpoints) {
			CallbackMethod method = endpoint.invoker().callbacks().get(Callback.STOP);
			if (method != null) {
				// Off the calling thread, so that an @OnStop that blocks holds back no other endpoint.
				stopping.put(endpoint, CompletableFuture
					.supplyAsync(() -> invokeUnchecked(method, endpoint), endpoint.runtime().executor())
					.thenCompose(EndpointLifecycle::completion)
					.whenComplete((result, failure) -> finishedAt.put(endpoint, System.nanoTime())));
			}
		}
		await(CompletableFuture.allOf(stopping.values().toArray(CompletableFuture[]::new)), deadline, null);
		stopping.forEach((endpoint, stop) -> {
			boolean success = stop.isDone() && !stop.isCompletedExceptionally();
			endpoint.stats()
				.callback(Callback.STOP, success, finishedAt.getOrDefault(endpoint, System.nanoTime()) - start);
			if (!stop.isDone()) {
				logger.error(Callback.STOP.displayName() + " of " + endpoint + " failed to complete within "
						+ this.timeout + " less the time reserved for closing clients");
			}
			else if (stop.isCompletedExceptionally()) {
				stop.exceptionally((failure) -> {
					logger.error(Callback.STOP.displayName() + " of " + endpoint + " failed", unwrap(failure));
					return null;
				});
			}
		});
	}

	@SuppressWarnings("unchecked")
	private static CompletionStage<@Nullable Object> completion(@Nullable Object result) {
		return (result instanceof CompletionStage<?> stage) ? (CompletionStage<@Nullable Object>) stage
				: CompletableFuture.completedFuture(result);
	}

	private static @Nullable Object invokeUnchecked(CallbackMethod method, DefaultEndpoint endpoint) {
		try {
			return method.invoke(Invocation.ofEndpoint(endpoint));
		}
		catch (Throwable ex) {
			throw new CompletionException(ex);
		}
	}

	/** Close every client after what was queued for it; return whether all closed in time. */
	private boolean closeClients(List<DefaultEndpoint> endpoints, long deadline) {
		List<CompletableFuture<Void>> closing = new ArrayList<>();
		for (DefaultEndpoint endpoint : endpoints) {
			for (Client client : endpoint.connected()) {
				closing.add(endpoint.close(client.longId(), SHUTDOWN.getCode(), SHUTDOWN.getReason()));
			}
		}
		return await(CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)), deadline,
				"closing the clients after what was queued for them");
	}

	/** Close at once the clients still open, writing the close frames before the server stops. */
	private void forceCloseClients(List<DefaultEndpoint> endpoints, long deadline) {
		List<CompletableFuture<?>> closing = new ArrayList<>();
		for (DefaultEndpoint endpoint : endpoints) {
			for (Client client : endpoint.connected()) {
				if (!client.isClosing()) {
					closing.add(CompletableFuture.runAsync(() -> client.close(SHUTDOWN), endpoint.runtime().executor()));
				}
				closing.add(client.closed());
			}
		}
		await(CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)), deadline,
				"closing the clients at once");
	}

	private void runStartCallback(DefaultEndpoint endpoint, long deadline) {
		CallbackMethod method = endpoint.invoker().callbacks().get(Callback.START);
		if (method == null) {
			return;
		}
		long start = endpoint.stats().callbackStart();
		try {
			Object result = method.invoke(Invocation.ofEndpoint(endpoint));
			if (result instanceof CompletionStage<?> stage) {
				stage.toCompletableFuture().get(remaining(deadline), TimeUnit.NANOSECONDS);
			}
			endpoint.stats().callbackEnded(Callback.START, true, start);
		}
		catch (Throwable ex) {
			endpoint.stats().callbackEnded(Callback.START, false, start);
			Throwable cause = (ex instanceof ExecutionException && ex.getCause() != null) ? ex.getCause() : ex;
			throw new IllegalStateException(Callback.START.displayName() + " of " + endpoint + " failed"
					+ ((ex instanceof TimeoutException) ? " to complete within " + this.timeout : ""), cause);
		}
	}

	private boolean await(CompletableFuture<?> future, long deadline, @Nullable String what) {
		try {
			future.get(remaining(deadline), TimeUnit.NANOSECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			if (what != null) {
				logger.warn("Timed out " + what + " (lifecycle timeout " + this.timeout + ")");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			if (what != null) {
				logger.warn("Failed " + what, ex.getCause());
			}
		}
		return false;
	}

	private static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

	private static long remaining(long deadline) {
		return Math.max(0, deadline - System.nanoTime());
	}

}
