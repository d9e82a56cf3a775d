package com.pulse.messaging.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests a normal client will not make: a chunked body of a chosen size, a
 * WebSocket handshake whose answer must be read as plain HTTP. The request is written on its own thread, so a
 * server that answers before it has read the whole body does not stall the test.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/** Status line code, headers (lower-case names) and body of an answer; no body for a 101. */
	public record Response(int status, Map<String, String> headers, String body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

	/** Sends {@code head} (request line and headers, without the blank line) and {@code body}; reads the answer. */
	public static Response exchange(int port, String head, byte[] body) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(10_000);
			byte[] request = concat((head + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body);
			Thread writer = new Thread(() -> write(socket, request), "raw-http-writer");
			writer.setDaemon(true);
			writer.start();
			return read(new BufferedInputStream(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A body in chunked transfer coding, in chunks of at most {@code chunkSize} bytes. */
	public static byte[] chunked(byte[] body, int chunkSize) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + body.length / chunkSize * 8 + 16);
		for (int offset = 0; offset < body.length; offset += chunkSize) {
			int length = Math.min(chunkSize, body.length - offset);
			out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(body, offset, length);
			out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		return out.toByteArray();
	}

	private static void write(Socket socket, byte[] request) {
		try {
			OutputStream out = socket.getOutputStream();
			out.write(request);
			out.flush();
		}
		catch (IOException ex) {
			// the server answered and hung up before reading everything: the answer is what the test checks
		}
	}

	private static Response read(InputStream in) throws IOException {
		String[] lines = readHead(in).split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
		}
		if (status == 101) {
			return new Response(status, headers, "");
		}
		byte[] body;
		if (headers.containsKey("content-length")) {
			body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
		}
		else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = readChunks(in);
		}
		else {
			body = in.readAllBytes();
		}
		return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
	}

	private static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
			int ch = in.read();
			if (ch < 0) {
				throw new IOException("Connection closed before the answer's head ended: " + head);
			}
			head.append((char) ch);
		}
		return head.substring(0, head.length() - 4);
	}

	private static byte[] readChunks(InputStream in) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		while (true) {
			String sizeLine = readLine(in);
			int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
			if (size == 0) {
				readLine(in);
				return body.toByteArray();
			}
			body.write(in.readNBytes(size));
			readLine(in);
		}
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int ch = in.read(); ch >= 0 && ch != '\n'; ch = in.read()) {
			if (ch != '\r') {
				line.append((char) ch);
			}
		}
		return line.toString();
	}

	private static byte[] concat(byte[] head, byte[] body) {
		byte[] all = new byte[head.length + body.length];
		System.arraycopy(head, 0, all, 0, head.length);
		System.arraycopy(body, 0, all, head.length, body.length);
		return all;
	}

}
