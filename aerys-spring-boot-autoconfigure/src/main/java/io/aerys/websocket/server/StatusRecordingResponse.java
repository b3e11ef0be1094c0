package io.aerys.websocket.server;

import java.io.IOException;
import java.io.OutputStream;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.ServerHttpResponse;

/**
 * The upgrade response as {@code @OnHandshake} sees it: remembers whether a status was set, so
 * that any status but 101 rejects the upgrade even if it is 200.
 */
final class StatusRecordingResponse implements ServerHttpResponse {

	private final ServerHttpResponse delegate;

	private @Nullable HttpStatusCode status;

	StatusRecordingResponse(ServerHttpResponse delegate) {
		this.delegate = delegate;
	}

	int status() {
		return (this.status != null) ? this.status.value() : 0;
	}

	boolean isRejected() {
		return this.status != null && this.status.value() != 101;
	}

	@Override
	public void setStatusCode(HttpStatusCode status) {
		this.status = status;
		this.delegate.setStatusCode(status);
	}

	@Override
	public HttpHeaders getHeaders() {
		return this.delegate.getHeaders();
	}

	@Override
	public OutputStream getBody() throws IOException {
		return this.delegate.getBody();
	}

	@Override
	public void flush() throws IOException {
		this.delegate.flush();
	}

	@Override
	public void close() {
		this.delegate.close();
	}

}
