package io.aerys.websocket.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A WebSocket upgrade request written by hand on a plain socket, so that a refused handshake can
 * be read whole: status, headers and body, as a browser would get them.
 */
public final class RawUpgrade {

	private RawUpgrade() {
	}

	/**
	 * The HTTP response to an upgrade request.
	 *
	 * @param status the status code
	 * @param headers the headers, names in lower case
	 * @param body the body as UTF-8 text
	 */
	public record Response(int status, Map<String, List<String>> headers, String body) {

		public String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			return (values != null) ? values.get(0) : null;
		}

	}

	/**
	 * Send an upgrade request and read the response; a 101 response is returned without a body.
	 * @param port the server port
	 * @param path the request path
	 * @param headers extra request headers
	 * @return the response
	 */
	public static Response send(int port, String path, Map<String, String> headers) {
		try {
			return exchange(port, path, headers);
		}
		catch (IOException ex) {
			throw new AssertionError("Upgrade request to " + path + " failed", ex);
		}
	}

	/**
	 * Send an upgrade request and read the response, for a caller that expects the server may
	 * not listen yet.
	 * @param port the server port
	 * @param path the request path
	 * @param headers extra request headers
	 * @return the response
	 * @throws IOException if the connection is refused or lost
	 */
	public static Response exchange(int port, String path, Map<String, String> headers) throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
			StringBuilder request = new StringBuilder().append("GET ").append(path).append(" HTTP/1.1\r\n")
				.append("Host: localhost:").append(port).append("\r\n")
				.append("Upgrade: websocket\r\n")
				.append("Connection: Upgrade\r\n")
				.append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
				.append("Sec-WebSocket-Version: 13\r\n");
			headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
			request.append("\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return read(socket.getInputStream());
		}
	}

	private static Response read(InputStream in) throws IOException {
		String statusLine = line(in);
		int status = Integer.parseInt(statusLine.split(" ")[1]);
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String line = line(in); !line.isEmpty(); line = line(in)) {
			int colon = line.indexOf(':');
			headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), (name) -> new ArrayList<>())
				.add(line.substring(colon + 1).trim());
		}
		Response head = new Response(status, headers, "");
		if (status == 101) {
			return head;
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		String length = head.header("Content-Length");
		if (length != null) {
			body.write(in.readNBytes(Integer.parseInt(length)));
		}
		else if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
			for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
				body.write(in.readNBytes(size));
				line(in);
			}
		}
		return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
	}

	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != -1 && c != '\n') {
			if (c != '\r') {
				line.append((char) c);
			}
		}
		if (c == -1 && line.isEmpty()) {
			throw new IOException("Connection closed before the response was read");
		}
		return line.toString();
	}

}
