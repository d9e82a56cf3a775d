package com.pulse.messaging.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.RawHttp;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any spelling of a path that reaches {@code /api/**} or {@code /ws} needs the token; a spelling the service
 * does not route is 401 or 404, never 500 and never an upgrade. Sent byte for byte, as a client that wants to
 * get by would.
 */
class PathSpellingTest extends IntegrationTestBase {

	@ParameterizedTest
	@ValueSource(strings = { "/api;x/messages/conversations", "/api/messages;x/conversations",
			"/api/messages/conversations;x", "/%61pi/messages/conversations", "/api/%6Dessages/conversations",
			"//api/messages/conversations", "/api//messages/conversations", "/api/messages/./conversations",
			"/api/x/../messages/conversations", "/api/messages/%2e%2e/messages/conversations",
			"/api%2Fmessages/conversations", "/API/messages/conversations", "/api/messages/conversations/",
			"/api", "/api/" })
	void apiSpellingsWithoutTokenAreRefusedNeverServed(String path) {
		RawHttp.Response response = get(path, null);
		assertThat(response.status()).as(path).isIn(401, 404);
		assertThat(response.header("Content-Type")).as(path).startsWith("application/problem+json");
		assertThat(response.body()).as(path).doesNotContain("Exception").doesNotContain("\"conversations\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api;x/messages/conversations", "/api/messages/conversations;x", "//api/messages/conversations",
			"/api%2Fmessages/conversations", "/api/messages/%2e%2e/messages/conversations", "/api/messages/conversations/" })
	void apiSpellingsWithTokenNeverFail(String path) {
		RawHttp.Response response = get(path, "Bearer " + Tokens.of(Tokens.newUser()));
		assertThat(response.status()).as(path).isIn(200, 401, 404);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/%61pi/messages/conversations", "/api/%6Dessages/conversations" })
	void percentEncodedApiSpellingNeedsTheSameToken(String path) {
		assertThat(get(path, null).status()).isEqualTo(401);
		assertThat(get(path, "Bearer " + Tokens.of(Tokens.newUser())).status()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/ws;x", "/ws;token=x", "/%77s", "/w%73", "//ws", "/ws/", "/./ws", "/x/../ws", "/WS" })
	void webSocketSpellingsWithoutTokenNeverUpgrade(String path) {
		RawHttp.Response response = handshake(path);
		assertThat(response.status()).as(path).isIn(401, 404);
		assertThat(response.header("Upgrade")).as(path).isNull();
		assertThat(response.header("Sec-WebSocket-Accept")).as(path).isNull();
	}

	private RawHttp.Response get(String path, String authorization) {
		String head = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\nConnection: close"
				+ ((authorization != null) ? "\r\nAuthorization: " + authorization : "");
		return RawHttp.exchange(this.port, head, new byte[0]);
	}

	private RawHttp.Response handshake(String path) {
		String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
		String head = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13";
		return RawHttp.exchange(this.port, head, new byte[0]);
	}

}
