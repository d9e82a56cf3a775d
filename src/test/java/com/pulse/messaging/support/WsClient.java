package com.pulse.messaging.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real WebSocket client on the JDK's {@link WebSocket}: collects every frame the server sends (text frames as
 * JSON maps), lets a test await a frame by type and predicate (each frame is handed out once), and records the
 * close code. The JDK answers pings with pongs on its own, so this client passes heartbeats.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

	public static final Duration WAIT = Duration.ofSeconds(10);

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String userId;

	private final List<Received> frames = new ArrayList<>();

	private final StringBuilder partial = new StringBuilder();

	private WebSocket socket;

	private volatile Integer closeCode;

	private volatile String closeReason;

	private volatile Throwable error;

	private WsClient(String userId) {
		this.userId = userId;
	}

	/** One text frame as a JSON map, and whether a test has taken it. */
	private static final class Received {

		final Map<String, Object> json;

		boolean taken;

		Received(Map<String, Object> json) {
			this.json = json;
		}

	}

	/** Connects as the user to {@code /ws?token=...} and waits for the {@code connected} frame (left unread). */
	public static WsClient connect(int port, String userId) {
		return connect(port, userId, Tokens.of(userId));
	}

	/** As {@link #connect(int, String)}, with this token (a short-lived one, say). */
	public static WsClient connect(int port, String userId, String token) {
		WsClient client = new WsClient(userId);
		URI uri = URI.create("ws://127.0.0.1:" + port + "/ws?token=" + token);
		try {
			client.socket = HTTP.newWebSocketBuilder()
				.connectTimeout(WAIT)
				.buildAsync(uri, client)
				.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("WebSocket connect failed for " + userId, ex);
		}
		Awaitility.await().atMost(WAIT).until(() -> client.count("connected") > 0);
		return client;
	}

	public String userId() {
		return this.userId;
	}

	/** The {@code connected} frame (always the first one). */
	public synchronized Map<String, Object> connected() {
		return this.frames.get(0).json;
	}

	public String sessionId() {
		return (String) connected().get("session_id");
	}

	// ---------------------------------------------------------------- sending

	public void send(Map<String, Object> frame) {
		sendText(JSON.writeValueAsString(frame));
	}

	public void sendText(String text) {
		try {
			this.socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(this.userId + ": sending failed (" + state() + ")", ex);
		}
	}

	/** Sends without waiting; false once the socket can no longer send. */
	public boolean trySendText(String text) {
		try {
			this.socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	// ---------------------------------------------------------------- receiving

	/** Waits for an untaken frame of this type matching the predicate, takes it and returns it. */
	public Map<String, Object> await(String type, Predicate<Map<String, Object>> matching) {
		return explained("awaiting " + type, () -> Awaitility.await()
			.atMost(WAIT)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> take(type, matching), (found) -> found != null));
	}

	public Map<String, Object> await(String type) {
		return await(type, (frame) -> true);
	}

	/** The ack or error answering the frame with this ref, whichever came. */
	public Map<String, Object> answer(String ref) {
		return explained("awaiting the answer to " + ref, () -> Awaitility.await()
			.atMost(WAIT)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> {
				Map<String, Object> ack = take("ack", (frame) -> ref.equals(frame.get("ref")));
				return (ack != null) ? ack : take("error", (frame) -> ref.equals(frame.get("ref")));
			}, (found) -> found != null));
	}

	/** The ack answering the frame with this ref. */
	public Map<String, Object> ack(String ref) {
		return await("ack", (frame) -> ref.equals(frame.get("ref")));
	}

	/** Fails if an untaken frame of this type matching the predicate arrives within {@code quiet}. */
	public void assertNone(String type, Predicate<Map<String, Object>> matching, Duration quiet) {
		explained("expecting no " + type, () -> {
			Awaitility.await().during(quiet).atMost(quiet.plusSeconds(5)).until(() -> peek(type, matching) == null);
			return null;
		});
	}

	public void assertNone(String type, Duration quiet) {
		assertNone(type, (frame) -> true, quiet);
	}

	/** Every frame of this type received so far, taken or not, in order of arrival. */
	public synchronized List<Map<String, Object>> all(String type) {
		return this.frames.stream().filter((f) -> type.equals(f.json.get("type"))).map((f) -> f.json).toList();
	}

	/** Every frame received so far, in order of arrival. */
	public synchronized List<Map<String, Object>> all() {
		return this.frames.stream().map((f) -> f.json).toList();
	}

	public synchronized int count(String type) {
		return all(type).size();
	}

	/** Waits until the server closes the connection; its close code. */
	public int awaitClose() {
		return explained("awaiting the close", () -> Awaitility.await()
			.atMost(WAIT)
			.until(() -> this.closeCode, (code) -> code != null));
	}

	/**
	 * Waits until the connection ends, by a close frame or not; the close code, or null when the connection
	 * ended without one (a peer that closes while the other still floods it may lose the last frames to a reset).
	 */
	public Integer awaitEnd() {
		return explained("awaiting the end of the connection", () -> {
			Awaitility.await().atMost(WAIT).until(() -> !isOpen());
			return this.closeCode;
		});
	}

	public Integer closeCode() {
		return this.closeCode;
	}

	public String closeReason() {
		return this.closeReason;
	}

	public boolean isOpen() {
		return this.closeCode == null && this.error == null && !this.socket.isInputClosed();
	}

	/** Runs an Awaitility wait; a timeout fails with what this client has seen. */
	private <T> T explained(String what, Supplier<T> wait) {
		try {
			return wait.get();
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(this.userId + " timed out " + what + "; " + this, ex);
		}
	}

	private synchronized Map<String, Object> take(String type, Predicate<Map<String, Object>> matching) {
		for (Received frame : this.frames) {
			if (!frame.taken && type.equals(frame.json.get("type")) && matching.test(frame.json)) {
				frame.taken = true;
				return frame.json;
			}
		}
		return null;
	}

	private synchronized Map<String, Object> peek(String type, Predicate<Map<String, Object>> matching) {
		for (Received frame : this.frames) {
			if (!frame.taken && type.equals(frame.json.get("type")) && matching.test(frame.json)) {
				return frame.json;
			}
		}
		return null;
	}

	// ---------------------------------------------------------------- listener

	@Override
	public void onOpen(WebSocket webSocket) {
		webSocket.request(1);
	}

	@Override
	@SuppressWarnings("unchecked")
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.partial.append(data);
		if (last) {
			Map<String, Object> json = JSON.readValue(this.partial.toString(), Map.class);
			this.partial.setLength(0);
			synchronized (this) {
				this.frames.add(new Received(json));
			}
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closeReason = reason;
		this.closeCode = statusCode;
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.error = error;
	}

	/** Closes with 1000 and waits briefly for the server's answer; the socket is gone afterwards. */
	@Override
	public void close() {
		try {
			if (!this.socket.isOutputClosed()) {
				this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
			}
			Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> this.closeCode != null || this.error != null);
		}
		catch (Exception ex) {
			// the server may already be gone
		}
		finally {
			this.socket.abort();
		}
	}

	private String state() {
		return (this.closeCode != null) ? "closed " + this.closeCode : (this.error != null) ? "failed " + this.error : "open";
	}

	@Override
	public synchronized String toString() {
		return state() + " " + this.frames.stream().map((f) -> f.json.toString()).toList();
	}

}
