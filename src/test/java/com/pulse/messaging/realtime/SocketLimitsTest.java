package com.pulse.messaging.realtime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import com.pulse.messaging.support.LowLimits;
import com.pulse.messaging.support.RawHttp;
import com.pulse.messaging.support.Tokens;
import com.pulse.messaging.support.WsClient;
import org.junit.jupiter.api.Test;

import static com.pulse.messaging.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Abuse limits of sockets with low settings ({@link LowLimits}): the per-user socket cap, the handshake's
 * {@code Origin}, and a socket's life bounded by its token (1 s skew, 2 s notice).
 */
@LowLimits
class SocketLimitsTest extends RealtimeTestBase {

	private static final Duration SKEW = Duration.ofSeconds(1);

	@Test
	void aSocketPastTheCapClosesTheUsersOldestWith4008() {
		String alice = Tokens.newUser();
		WsClient first = connect(alice);
		WsClient second = connect(alice);
		WsClient third = connect(alice);
		WsClient fourth = connect(alice);
		assertThat(first.awaitClose()).isEqualTo(4008);
		assertThat(first.closeReason()).isEqualTo("too_many_connections");
		assertThat(second.isOpen()).isTrue();
		assertThat(third.isOpen()).isTrue();
		assertThat(fourth.isOpen()).isTrue();
		fourth.send(json("type", "ping", "ref", "p"));
		assertThat(fourth.await("pong")).containsEntry("ref", "p");
	}

	@Test
	void otherUsersSocketsDoNotCount() {
		WsClient alice = connect(Tokens.newUser());
		for (int i = 0; i < 3; i++) {
			connect(Tokens.newUser());
		}
		alice.send(json("type", "ping", "ref", "p"));
		assertThat(alice.await("pong")).containsEntry("ref", "p");
	}

	@Test
	void handshakeFromAnOriginNotListedIsRefusedWith403() {
		RawHttp.Response response = handshake("https://evil.example");
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.header("Upgrade")).isNull();
		assertThat(response.body()).contains("\"code\":\"forbidden\"");
	}

	@Test
	void handshakeFromTheListedOriginOrWithoutOneUpgrades() {
		assertThat(handshake(LowLimits.ORIGIN).status()).isEqualTo(101);
		assertThat(handshake(null).status()).isEqualTo(101);
	}

	@Test
	void aSocketIsWarnedBeforeItsTokenExpiresThenClosedWith4001() {
		String alice = Tokens.newUser();
		String token = Tokens.expiringIn(alice, Duration.ofSeconds(4));
		long exp = expiry(token);
		WsClient socket = connect(alice, token);
		Map<String, Object> expiring = socket.await("auth.expiring");
		assertThat(Instant.parse((String) expiring.get("expires_at")).getEpochSecond()).isEqualTo(exp);
		Map<String, Object> error = socket.await("error", (frame) -> "token_expired".equals(frame.get("code")));
		assertThat(Instant.now()).as("never before exp + skew").isAfterOrEqualTo(Instant.ofEpochSecond(exp).plus(SKEW));
		assertThat(error).doesNotContainKey("ref");
		assertThat(socket.awaitClose()).isEqualTo(4001);
	}

	@Test
	void aTokenWithLessThanTheNoticeLeftIsWarnedAtOnce() {
		String alice = Tokens.newUser();
		WsClient socket = connect(alice, Tokens.expiringIn(alice, Duration.ofSeconds(1)));
		socket.await("auth.expiring");
		assertThat(socket.awaitClose()).isEqualTo(4001);
	}

	@Test
	void refreshWithAFreshTokenKeepsTheSocketOpen() {
		String alice = Tokens.newUser();
		WsClient socket = connect(alice, Tokens.expiringIn(alice, Duration.ofSeconds(2)));
		String fresh = Tokens.of(alice);
		socket.send(json("type", "auth.refresh", "ref", "r1", "token", fresh));
		Map<String, Object> ack = socket.ack("r1");
		assertThat(Instant.parse((String) map(ack.get("result")).get("expires_at")).getEpochSecond()).isEqualTo(expiry(fresh));
		// past the old expiry and its skew, the socket is still there
		socket.assertNone("error", Duration.ofSeconds(4));
		assertThat(socket.isOpen()).isTrue();
		socket.send(json("type", "ping", "ref", "p"));
		assertThat(socket.await("pong")).containsEntry("ref", "p");
	}

	@Test
	void refreshWithAnotherUsersTokenIsUnauthorizedAndTheOldExpiryStays() {
		String alice = Tokens.newUser();
		WsClient socket = connect(alice, Tokens.expiringIn(alice, Duration.ofSeconds(2)));
		socket.send(json("type", "auth.refresh", "ref", "r1", "token", Tokens.of(Tokens.newUser())));
		assertThat(socket.await("error", (f) -> "r1".equals(f.get("ref")))).containsEntry("code", "unauthorized");
		socket.send(json("type", "auth.refresh", "ref", "r2", "token", "not-a-jwt"));
		assertThat(socket.await("error", (f) -> "r2".equals(f.get("ref")))).containsEntry("code", "unauthorized");
		socket.send(json("type", "auth.refresh", "ref", "r3", "token",
				Tokens.expiringIn(alice, Duration.ofSeconds(-60))));
		assertThat(socket.await("error", (f) -> "r3".equals(f.get("ref")))).containsEntry("code", "unauthorized");
		assertThat(socket.await("error", (f) -> "token_expired".equals(f.get("code")))).isNotNull();
		assertThat(socket.awaitClose()).isEqualTo(4001);
	}

	private WsClient connect(String userId, String token) {
		WsClient client = WsClient.connect(this.port, userId, token);
		this.closeAfter(client);
		return client;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	/** The {@code exp} of a token, in epoch seconds. */
	@SuppressWarnings("unchecked")
	private static long expiry(String token) {
		String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
		Map<String, Object> claims = tools.jackson.databind.json.JsonMapper.builder().build().readValue(payload, Map.class);
		return ((Number) claims.get("exp")).longValue();
	}

	private RawHttp.Response handshake(String origin) {
		String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
		String head = "GET /ws?token=" + Tokens.of(Tokens.newUser()) + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
				+ "\r\nSec-WebSocket-Version: 13" + ((origin != null) ? "\r\nOrigin: " + origin : "");
		return RawHttp.exchange(this.port, head, new byte[0]);
	}

}
