/**
 * Argument resolution and invocation of endpoint callback methods.
 */
@NullMarked
package io.aerys.websocket.invoke;

import org.jspecify.annotations.NullMarked;
