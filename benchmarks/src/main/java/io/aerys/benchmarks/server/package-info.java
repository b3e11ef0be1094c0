/**
 * The two servers under test, one Spring Boot application in two modes, and the memory report.
 */
@NullMarked
package io.aerys.benchmarks.server;

import org.jspecify.annotations.NullMarked;
