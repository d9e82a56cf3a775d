package com.pulse.messaging.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket over a plain blocking socket, for what a well-behaved client never does: one frame over the
 * limit, a message in fragments of chosen sizes, never reading, never answering pings, vanishing without a
 * close frame. Reads happen only when the test asks, on the test's thread.
 */
public final class RawWs implements AutoCloseable {

	/** Opcodes of RFC 6455. */
	public static final int TEXT = 0x1;

	public static final int CLOSE = 0x8;

	public static final int PING = 0x9;

	private final Socket socket;

	private final OutputStream out;

	private final InputStream in;

	/** One frame from the server (continuations are not joined: the server sends whole frames). */
	public record Frame(int opcode, byte[] payload) {

		public String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

		/** The close code of a close frame (1005 when it carries none). */
		public int closeCode() {
			return (this.payload.length >= 2) ? ((this.payload[0] & 0xff) << 8) | (this.payload[1] & 0xff) : 1005;
		}

		public String closeReason() {
			return (this.payload.length > 2) ? new String(this.payload, 2, this.payload.length - 2, StandardCharsets.UTF_8)
					: "";
		}

	}

	private RawWs(Socket socket) throws IOException {
		this.socket = socket;
		this.out = socket.getOutputStream();
		this.in = new BufferedInputStream(socket.getInputStream());
	}

	/** Upgrades a plain socket on {@code /ws} as the user; the {@code connected} frame is left unread. */
	public static RawWs connect(int port, String userId) {
		return connect(port, userId, 0);
	}

	/** As {@link #connect(int, String)}, with a small receive buffer (bytes, 0 for the default). */
	public static RawWs connect(int port, String userId, int receiveBuffer) {
		Socket socket = new Socket();
		try {
			if (receiveBuffer > 0) {
				socket.setReceiveBufferSize(receiveBuffer);
			}
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout((int) WsClient.WAIT.toMillis());
			RawWs ws = new RawWs(socket);
			ws.handshake(port, userId);
			return ws;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void handshake(int port, String userId) throws IOException {
		byte[] key = new byte[16];
		ThreadLocalRandom.current().nextBytes(key);
		String request = "GET /ws?token=" + Tokens.of(userId) + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
				+ Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
		this.out.write(request.getBytes(StandardCharsets.US_ASCII));
		this.out.flush();
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int ch = this.in.read();
			if (ch < 0) {
				throw new IOException("Connection closed during the handshake: " + head);
			}
			head.append((char) ch);
		}
		if (!head.toString().startsWith("HTTP/1.1 101")) {
			throw new IOException("Not upgraded: " + head);
		}
	}

	// ---------------------------------------------------------------- sending

	/** One text frame. */
	public void sendText(String text) {
		sendFragments(text.getBytes(StandardCharsets.UTF_8), text.getBytes(StandardCharsets.UTF_8).length);
	}

	/**
	 * One text message split into frames of these sizes (a text frame, then continuations, FIN on the last).
	 * Returns false when the server hung up while it was being written.
	 */
	public boolean sendFragments(byte[] payload, int... sizes) {
		if (Arrays.stream(sizes).sum() != payload.length) {
			throw new IllegalArgumentException("Fragment sizes do not add up to " + payload.length);
		}
		int offset = 0;
		for (int i = 0; i < sizes.length; i++) {
			int opcode = (i == 0) ? TEXT : 0x0;
			boolean fin = i == sizes.length - 1;
			if (!writeFrame(opcode, fin, payload, offset, sizes[i])) {
				return false;
			}
			offset += sizes[i];
		}
		return true;
	}

	/** A pong, as a client answers a ping. */
	public void sendPong(byte[] payload) {
		writeFrame(0xA, true, payload, 0, payload.length);
	}

	private boolean writeFrame(int opcode, boolean fin, byte[] payload, int offset, int length) {
		ByteArrayOutputStream frame = new ByteArrayOutputStream(length + 14);
		frame.write((fin ? 0x80 : 0) | opcode);
		if (length < 126) {
			frame.write(0x80 | length);
		}
		else if (length <= 0xffff) {
			frame.write(0x80 | 126);
			frame.write(length >>> 8);
			frame.write(length & 0xff);
		}
		else {
			frame.write(0x80 | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) (((long) length >>> shift) & 0xff));
			}
		}
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		frame.write(mask, 0, 4);
		for (int i = 0; i < length; i++) {
			frame.write(payload[offset + i] ^ mask[i & 3]);
		}
		try {
			this.out.write(frame.toByteArray());
			this.out.flush();
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** A JSON {@code ping} frame padded with spaces to exactly {@code bytes} bytes. */
	public static byte[] paddedPing(String ref, int bytes) {
		byte[] head = ("{\"type\":\"ping\",\"ref\":\"" + ref + "\",\"pad\":\"").getBytes(StandardCharsets.US_ASCII);
		byte[] payload = new byte[bytes];
		Arrays.fill(payload, (byte) ' ');
		System.arraycopy(head, 0, payload, 0, head.length);
		payload[bytes - 2] = '"';
		payload[bytes - 1] = '}';
		return payload;
	}

	// ---------------------------------------------------------------- receiving

	/** The next frame from the server; null when the connection ended without one. */
	public Frame next() {
		try {
			int b0 = this.in.read();
			int b1 = this.in.read();
			if (b0 < 0 || b1 < 0) {
				return null;
			}
			long length = b1 & 0x7f;
			if (length == 126) {
				length = (this.in.read() << 8) | this.in.read();
			}
			else if (length == 127) {
				length = 0;
				for (int i = 0; i < 8; i++) {
					length = (length << 8) | this.in.read();
				}
			}
			return new Frame(b0 & 0x0f, this.in.readNBytes((int) length));
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("No frame from the server within " + WsClient.WAIT, ex);
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** The next text frame, skipping pings. */
	public String nextText() {
		for (Frame frame = next(); frame != null; frame = next()) {
			if (frame.opcode() == TEXT) {
				return frame.text();
			}
			if (frame.opcode() == CLOSE) {
				throw new AssertionError("Closed with " + frame.closeCode() + " " + frame.closeReason());
			}
		}
		throw new AssertionError("The connection ended");
	}

	/** Reads (and drops) frames until the server's close frame; null when the connection ended without one. */
	public Frame awaitClose() {
		for (Frame frame = next(); frame != null; frame = next()) {
			if (frame.opcode() == CLOSE) {
				return frame;
			}
		}
		return null;
	}

	/** Vanishes without a close frame: a reset, as when a phone drops off the network. */
	public void abort() {
		try {
			this.socket.setSoLinger(true, 0);
		}
		catch (SocketException ignored) {
			// closing anyway
		}
		close();
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ignored) {
			// nothing to do
		}
	}

}
