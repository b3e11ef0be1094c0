package io.aerys.websocket.invoke;

import java.lang.reflect.Type;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;

/**
 * A {@link PayloadCodec} that reads and writes JSON with the application's Jackson mapper.
 */
public final class JacksonPayloadCodec implements PayloadCodec {

	private final ObjectMapper mapper;

	public JacksonPayloadCodec(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public Object decode(String text, Type type) {
		try {
			return this.mapper.readValue(text, javaType(type));
		}
		catch (JacksonException ex) {
			throw new MessageDecodingException("Cannot decode JSON message as " + type.getTypeName(), ex);
		}
	}

	@Override
	public Object decode(byte[] data, Type type) {
		try {
			return this.mapper.readValue(data, javaType(type));
		}
		catch (JacksonException ex) {
			throw new MessageDecodingException("Cannot decode JSON message as " + type.getTypeName(), ex);
		}
	}

	@Override
	public String encode(Object value) {
		return this.mapper.writeValueAsString(value);
	}

	private JavaType javaType(Type type) {
		return this.mapper.getTypeFactory().constructType(type);
	}

}
