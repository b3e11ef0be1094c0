/**
 * A chat with rooms on an annotated WebSocket endpoint.
 */
@NullMarked
package io.aerys.sample.chat;

import org.jspecify.annotations.NullMarked;
