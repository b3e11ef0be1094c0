/**
 * The load generator: Netty WebSocket clients on one event loop, latencies in HdrHistogram.
 */
@NullMarked
package io.aerys.benchmarks.load;

import org.jspecify.annotations.NullMarked;
