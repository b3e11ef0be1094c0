package io.aerys.websocket.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket, for clients that misbehave on purpose: never read, vanish
 * without a close frame, or write frames by hand.
 */
public final class RawWebSocket implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private String handshakeResponse = "";

	private RawWebSocket(Socket socket) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
	}

	/**
	 * Open a connection and complete the upgrade.
	 * @param port the server port on localhost
	 * @param path the endpoint path
	 * @param receiveBuffer the socket receive buffer in bytes, small for a client that reads nothing
	 * @return the connected client
	 * @throws IOException if the upgrade fails
	 */
	public static RawWebSocket connect(int port, String path, int receiveBuffer) throws IOException {
		return connect(port, path, receiveBuffer, "");
	}

	/**
	 * Open a connection and complete the upgrade, with extra request headers.
	 * @param port the server port on localhost
	 * @param path the endpoint path
	 * @param receiveBuffer the socket receive buffer in bytes
	 * @param extraHeaders header lines, each ending with CRLF
	 * @return the connected client
	 * @throws IOException if the upgrade fails
	 */
	public static RawWebSocket connect(int port, String path, int receiveBuffer, String extraHeaders)
			throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(receiveBuffer);
		socket.connect(new InetSocketAddress("localhost", port), 10_000);
		socket.setSoTimeout(10_000);
		RawWebSocket client = new RawWebSocket(socket);
		byte[] nonce = new byte[16];
		ThreadLocalRandom.current().nextBytes(nonce);
		String request = "GET " + path + " HTTP/1.1\r\nHost: localhost:" + port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
				+ Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
		client.out.write(request.getBytes(StandardCharsets.US_ASCII));
		client.out.flush();
		String response = client.readHead();
		if (!response.startsWith("HTTP/1.1 101")) {
			socket.close();
			throw new IOException("Upgrade refused: " + response);
		}
		client.handshakeResponse = response;
		return client;
	}

	/**
	 * Return the head of the upgrade response.
	 * @return the status line and headers
	 */
	public String handshakeResponse() {
		return this.handshakeResponse;
	}

	private String readHead() throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = this.in.read();
			if (b < 0) {
				break;
			}
			head.append((char) b);
		}
		return head.toString();
	}

	/**
	 * Send a masked frame.
	 * @param finalFragment the FIN bit
	 * @param opcode the opcode
	 * @param payload the payload
	 * @throws IOException if writing fails
	 */
	public void sendFrame(boolean finalFragment, int opcode, byte[] payload) throws IOException {
		sendRawFrame((finalFragment ? 0x80 : 0) | opcode, payload);
	}

	/**
	 * Send a masked frame with a first byte of one's choosing (FIN, RSV bits, opcode).
	 * @param firstByte the first byte of the frame
	 * @param payload the payload
	 * @throws IOException if writing fails
	 */
	public void sendRawFrame(int firstByte, byte[] payload) throws IOException {
		this.out.write(frame(firstByte, payload));
		this.out.flush();
	}

	/**
	 * Return a masked frame as a client sends it, for writing several frames at once.
	 * @param firstByte the first byte of the frame (FIN, RSV bits, opcode)
	 * @param payload the payload
	 * @return the frame's bytes
	 */
	public static byte[] frame(int firstByte, byte[] payload) {
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write(firstByte);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else if (payload.length < 65536) {
			frame.write(0x80 | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length & 0xFF);
		}
		else {
			frame.write(0x80 | 127);
			for (int i = 7; i >= 0; i--) {
				frame.write((int) (((long) payload.length >>> (8 * i)) & 0xFF));
			}
		}
		frame.writeBytes(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i % 4]);
		}
		return frame.toByteArray();
	}

	/**
	 * Read the next text message, joining its fragments and skipping control frames.
	 * @return the text
	 * @throws IOException if the connection ends first
	 */
	public String readText() throws IOException {
		ByteArrayOutputStream message = null;
		while (true) {
			int first = this.in.read();
			int second = this.in.read();
			if (first < 0 || second < 0) {
				throw new IOException("Connection ended");
			}
			byte[] payload = this.in.readNBytes((int) length(second));
			int opcode = first & 0x0F;
			if (opcode == 0x8) {
				throw new IOException("Closed by the server");
			}
			if (opcode == 0x1 || (opcode == 0x0 && message != null)) {
				message = (message != null) ? message : new ByteArrayOutputStream();
				message.writeBytes(payload);
				if ((first & 0x80) != 0) {
					return message.toString(StandardCharsets.UTF_8);
				}
			}
		}
	}

	private long length(int second) throws IOException {
		long length = second & 0x7F;
		if (length == 126) {
			length = (this.in.read() << 8) | this.in.read();
		}
		else if (length == 127) {
			length = 0;
			for (int i = 0; i < 8; i++) {
				length = (length << 8) | this.in.read();
			}
		}
		return length;
	}

	/**
	 * Read frames until a close frame, skipping others.
	 * @return the close code, or -1 if the connection ended without one
	 * @throws IOException if reading fails
	 */
	public int readCloseCode() throws IOException {
		while (true) {
			int first = this.in.read();
			int second = this.in.read();
			if (first < 0 || second < 0) {
				return -1;
			}
			byte[] payload = this.in.readNBytes((int) length(second));
			if ((first & 0x0F) == 0x8) {
				return (payload.length >= 2) ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
			}
		}
	}

	/**
	 * Write raw bytes, such as a frame header followed by a payload trickled out later.
	 * @param bytes the bytes
	 * @throws IOException if writing fails
	 */
	public void write(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
	}

	/**
	 * Return whether nothing arrives from the server for a while, for a test that something is
	 * held back; a byte that does arrive is consumed.
	 * @param wait how long to listen
	 * @return whether nothing arrived
	 * @throws IOException if reading fails
	 */
	public boolean receivesNothingFor(Duration wait) throws IOException {
		this.socket.setSoTimeout((int) wait.toMillis());
		try {
			this.in.read();
			return false;
		}
		catch (SocketTimeoutException ex) {
			return true;
		}
		finally {
			this.socket.setSoTimeout(10_000);
		}
	}

	/**
	 * Read what one read of the socket returns: the bytes of one socket write of the server's,
	 * or of several that arrived before the read.
	 * @return the bytes
	 * @throws IOException if the connection ends first
	 */
	public byte[] readOnce() throws IOException {
		byte[] buffer = new byte[65536];
		int read = this.in.read(buffer);
		if (read < 0) {
			throw new IOException("Connection ended");
		}
		return Arrays.copyOf(buffer, read);
	}

	public void sendText(String text) throws IOException {
		sendFrame(true, 0x1, text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Cut the connection with a TCP reset, without a close frame.
	 * @throws IOException if closing fails
	 */
	public void vanish() throws IOException {
		this.socket.setSoLinger(true, 0);
		this.socket.close();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
