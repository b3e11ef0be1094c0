package io.aerys.sample.chat;

import org.jspecify.annotations.Nullable;

/**
 * What a browser sends: {@code {"text": "hello"}}.
 *
 * @param text the message
 */
record Say(@Nullable String text) {
}
