package io.aerys.websocket.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Atomic access to fields of the per-client objects. A field with a {@link VarHandle} lives in
 * the object that owns it, where an {@code AtomicBoolean} or {@code AtomicReference} is an object
 * of its own: on the message path, each of those is one more cache line to load for every client.
 */
final class FieldHandles {

	private FieldHandles() {
	}

	/**
	 * Return the handle of a field of the class that made the lookup.
	 * @param lookup {@link MethodHandles#lookup()} of the class declaring the field
	 * @param field the field name
	 * @param type the field type
	 * @return the handle
	 */
	static VarHandle of(MethodHandles.Lookup lookup, String field, Class<?> type) {
		try {
			return lookup.findVarHandle(lookup.lookupClass(), field, type);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
