/**
 * The driver: runs every case against both servers, alternately, and writes BENCHMARKS.md.
 */
@NullMarked
package io.aerys.benchmarks.driver;

import org.jspecify.annotations.NullMarked;
