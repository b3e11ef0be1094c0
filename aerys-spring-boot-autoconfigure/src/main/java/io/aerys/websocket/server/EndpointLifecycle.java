package io.aerys.websocket.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.aerys.websocket.invoke.Callback;
import io.aerys.websocket.invoke.CallbackMethod;
import io.aerys.websocket.invoke.Invocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.web.socket.CloseStatus;

/**
 * Starts and stops every endpoint: {@code @OnStart} before the first handshake is accepted; at
 * shutdown, handshakes refused with 503, no more {@code @OnData}, {@code @OnStop} awaited, what was
 * queued delivered, then every client closed with 1001 and its {@code @OnClose} run, all within the
 * lifecycle timeout.
 */
public final class EndpointLifecycle {

	private static final Log logger = LogFactory.getLog(EndpointLifecycle.class);

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
			runLifecycleCallback(endpoint, Callback.START, deadline, true);
			endpoint.state(EndpointState.RUNNING);
			long period = ClientWatchdog.period(endpoint.runtime().settings()).toMillis();
			this.watchdogs.add(endpoint.runtime()
				.timer()
				.scheduleWithFixedDelay(new ClientWatchdog(endpoint), period, period, TimeUnit.MILLISECONDS));
		}
	}

	/**
	 * Stop every endpoint and close its clients, within the lifecycle timeout.
	 */
	public synchronized void stop() {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		List<DefaultEndpoint> running = new ArrayList<>();
		for (DefaultEndpoint endpoint : this.endpoints.runtimes()) {
			if (endpoint.state() == EndpointState.RUNNING) {
				endpoint.state(EndpointState.STOPPING);
				running.add(endpoint);
			}
		}
		List<CompletableFuture<?>> stopping = new ArrayList<>();
		for (DefaultEndpoint endpoint : running) {
			stopping.add(CompletableFuture.runAsync(() -> stop(endpoint, deadline), endpoint.runtime().executor()));
		}
		await(CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)), deadline, "stopping endpoints");
		this.watchdogs.forEach((watchdog) -> watchdog.cancel(false));
		this.watchdogs.clear();
		running.forEach((endpoint) -> endpoint.state(EndpointState.STOPPED));
	}

	private void stop(DefaultEndpoint endpoint, long deadline) {
		runLifecycleCallback(endpoint, Callback.STOP, deadline, false);
		List<CompletableFuture<Void>> closing = new ArrayList<>();
		for (Client client : endpoint.connected()) {
			closing.add(endpoint.close(client.longId(), SHUTDOWN.getCode(), SHUTDOWN.getReason()));
		}
		boolean closed = await(CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)), deadline,
				"closing the clients of " + endpoint);
		if (!closed) {
			for (Client client : endpoint.connected()) {
				client.close(SHUTDOWN);
			}
		}
	}

	private void runLifecycleCallback(DefaultEndpoint endpoint, Callback callback, long deadline, boolean failFast) {
		CallbackMethod method = endpoint.invoker().callbacks().get(callback);
		if (method == null) {
			return;
		}
		long start = System.nanoTime();
		try {
			Object result = method.invoke(Invocation.ofEndpoint(endpoint));
			if (result instanceof CompletionStage<?> stage) {
				stage.toCompletableFuture().get(remaining(deadline), TimeUnit.NANOSECONDS);
			}
			endpoint.stats().callback(callback, true, System.nanoTime() - start);
		}
		catch (Throwable ex) {
			endpoint.stats().callback(callback, false, System.nanoTime() - start);
			Throwable cause = (ex instanceof java.util.concurrent.ExecutionException && ex.getCause() != null)
					? ex.getCause() : ex;
			String message = callback.displayName() + " of " + endpoint + " failed" + ((ex instanceof TimeoutException)
					? " to complete within " + this.timeout : "");
			if (failFast) {
				throw new IllegalStateException(message, cause);
			}
			logger.error(message, cause);
		}
	}

	private boolean await(CompletableFuture<?> future, long deadline, String what) {
		try {
			future.get(remaining(deadline), TimeUnit.NANOSECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			logger.warn("Timed out after " + this.timeout + " " + what);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.warn("Failed " + what, ex);
		}
		return false;
	}

	private static long remaining(long deadline) {
		return Math.max(0, deadline - System.nanoTime());
	}

}
