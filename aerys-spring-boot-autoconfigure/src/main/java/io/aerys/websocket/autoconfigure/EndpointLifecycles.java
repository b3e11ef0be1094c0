package io.aerys.websocket.autoconfigure;

import io.aerys.websocket.server.EndpointLifecycle;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Two lifecycle phases around the web server's: endpoints start before the server accepts
 * connections and stop before it shuts down gracefully, so clients are closed with 1001 while the
 * connector still runs.
 */
final class EndpointLifecycles {

	private EndpointLifecycles() {
	}

	/**
	 * Runs {@code @OnStart} before the web server starts.
	 */
	static final class Starter implements SmartLifecycle {

		private final EndpointLifecycle lifecycle;

		private volatile boolean running;

		Starter(EndpointLifecycle lifecycle) {
			this.lifecycle = lifecycle;
		}

		@Override
		public void start() {
			this.lifecycle.start();
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1024;
		}

	}

	/**
	 * Stops the endpoints before the web server shuts down.
	 */
	static final class Stopper implements SmartLifecycle {

		private final EndpointLifecycle lifecycle;

		private volatile boolean running;

		Stopper(EndpointLifecycle lifecycle) {
			this.lifecycle = lifecycle;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.lifecycle.stop();
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 512;
		}

	}

}
