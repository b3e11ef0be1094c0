package io.aerys.websocket.server;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import io.aerys.websocket.invoke.PayloadCodec;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * What the runtime of one endpoint shares with the others: its settings, the executor that runs
 * callbacks off the container threads, the timer, the codec for values sent as JSON.
 *
 * @param settings the limits of the endpoint
 * @param executor runs callbacks that must not run on the calling thread
 * @param timer runs the periodic checks of every client
 * @param codec encodes returned values as JSON, if Jackson is present
 * @param observer observes callback calls, for tracing
 * @param logger where failures are logged
 * @param writePermits bounds the threads writing to a client in place, shared by every endpoint
 */
record EndpointRuntime(EndpointSettings settings, Executor executor, ScheduledExecutorService timer,
		@Nullable PayloadCodec codec, CallbackObserver observer, Log logger, WritePermits writePermits) {

}
