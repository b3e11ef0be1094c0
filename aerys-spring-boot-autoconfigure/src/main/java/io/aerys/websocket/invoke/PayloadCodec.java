package io.aerys.websocket.invoke;

import java.lang.reflect.Type;

/**
 * Turns messages into objects and objects into text, for {@code @OnData} parameters and return
 * values that are neither text nor bytes.
 */
public interface PayloadCodec {

	/**
	 * Decode a text message.
	 * @param text the message
	 * @param type the declared type
	 * @return the decoded value
	 */
	Object decode(String text, Type type);

	/**
	 * Decode a binary message.
	 * @param data the message
	 * @param type the declared type
	 * @return the decoded value
	 */
	Object decode(byte[] data, Type type);

	/**
	 * Encode a value as a text message.
	 * @param value the value
	 * @return the text
	 */
	String encode(Object value);

}
