package io.aerys.websocket.invoke;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.aerys.websocket.Message;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Resolves the message of an {@code @OnData} method: {@code String}, {@code byte[]},
 * {@code ByteBuffer}, {@link Message}, or any other type decoded by the {@link PayloadCodec}.
 * A text message given to a binary parameter is UTF-8 encoded, and the other way round.
 */
final class PayloadArgumentResolver implements ArgumentResolver {

	private final @Nullable PayloadCodec codec;

	PayloadArgumentResolver(@Nullable PayloadCodec codec) {
		this.codec = codec;
	}

	@Override
	public boolean supportsParameter(Callback callback, MethodParameter parameter) {
		if (callback != Callback.DATA || parameter.getParameterAnnotations().length > 0) {
			return false;
		}
		Class<?> type = parameter.getParameterType();
		return !type.isPrimitive() && (isBuiltIn(type) || this.codec != null);
	}

	static boolean isBuiltIn(Class<?> type) {
		return type == String.class || type == byte[].class || type == ByteBuffer.class || type == Message.class;
	}

	@Override
	public boolean isPayload() {
		return true;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, Invocation invocation) {
		Object payload = invocation.payload();
		Class<?> type = parameter.getParameterType();
		if (type.isInstance(payload)) {
			return payload;
		}
		if (type == String.class) {
			return decodeUtf8((ByteBuffer) payload);
		}
		if (type == byte[].class) {
			return (payload instanceof String text) ? text.getBytes(StandardCharsets.UTF_8) : bytes((ByteBuffer) payload);
		}
		if (type == ByteBuffer.class) {
			return ByteBuffer.wrap(((String) payload).getBytes(StandardCharsets.UTF_8));
		}
		if (payload instanceof Message) {
			throw new IllegalStateException("A streamed message cannot be decoded to " + type.getName());
		}
		PayloadCodec codec = this.codec;
		if (codec == null) {
			throw new IllegalStateException("No codec for " + type.getName());
		}
		return (payload instanceof String text) ? codec.decode(text, parameter.getGenericParameterType())
				: codec.decode(bytes((ByteBuffer) payload), parameter.getGenericParameterType());
	}

	private static byte[] bytes(ByteBuffer buffer) {
		if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
				&& buffer.remaining() == buffer.array().length) {
			return buffer.array();
		}
		byte[] bytes = new byte[buffer.remaining()];
		buffer.duplicate().get(bytes);
		return bytes;
	}

	private static String decodeUtf8(ByteBuffer buffer) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(buffer.duplicate())
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new MessageDecodingException("Binary message is not valid UTF-8", ex);
		}
	}

}
