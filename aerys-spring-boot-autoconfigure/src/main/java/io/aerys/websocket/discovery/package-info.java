/**
 * Discovery and validation of endpoint beans and their callback methods.
 */
@NullMarked
package io.aerys.websocket.discovery;

import org.jspecify.annotations.NullMarked;
