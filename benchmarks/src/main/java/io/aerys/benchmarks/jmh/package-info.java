/**
 * JMH benchmarks of the per-message dispatch path.
 */
@NullMarked
package io.aerys.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;
