package com.pulse.messaging.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.Problems;
import com.pulse.messaging.support.RawHttp;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every bad token of API.md is a 401 problem at {@code /api/**} and at the {@code /ws} handshake; tokens never reach the log. */
class AuthenticationTest extends IntegrationTestBase {

	private static final String CONVERSATIONS = "/api/messages/conversations";

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	/** Authorization header values that must be refused (null: no header at all). */
	static Stream<Arguments> badAuthorizations() {
		return Stream.of(
				bad("missing header", null),
				bad("empty bearer", "Bearer "),
				bad("malformed token", "Bearer not-a-jwt"),
				bad("three parts of garbage", "Bearer a.b.c"),
				bad("Basic credentials", "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8))),
				bad("a valid token sent as Basic", "Basic " + Tokens.of(Tokens.newUser())),
				bearer("expired an hour ago", claims((c) -> c.put("exp", HandMadeJwt.now() - 3600))),
				bad("alg none", "Bearer " + HandMadeJwt.unsigned(HandMadeJwt.claims(Tokens.newUser()))),
				bad("wrong key", "Bearer " + HandMadeJwt.signed("HS256", HandMadeJwt.OTHER_SECRET, HandMadeJwt.claims(Tokens.newUser()))),
				bad("HS512 with the right secret", "Bearer " + HandMadeJwt.signed("HS512", Tokens.DEV_SECRET, HandMadeJwt.claims(Tokens.newUser()))),
				bad("HS384 with the right secret", "Bearer " + HandMadeJwt.signed("HS384", Tokens.DEV_SECRET, HandMadeJwt.claims(Tokens.newUser()))),
				bad("tampered payload", "Bearer " + tampered()),
				bearer("no sub", claims((c) -> c.remove("sub"))),
				bearer("empty sub", claims((c) -> c.put("sub", ""))),
				bearer("sub with a space", claims((c) -> c.put("sub", "alice smith"))),
				bearer("sub with a slash", claims((c) -> c.put("sub", "alice/bob"))),
				bearer("sub with a non-ASCII letter", claims((c) -> c.put("sub", "zoë"))),
				bearer("sub of 65 characters", claims((c) -> c.put("sub", "a".repeat(65)))),
				bearer("sub not a string", claims((c) -> c.put("sub", 42))),
				bearer("no exp", claims((c) -> c.remove("exp"))),
				bearer("nbf a minute ahead", claims((c) -> c.put("nbf", HandMadeJwt.now() + 60))),
				bearer("iat a minute ahead", claims((c) -> c.put("iat", HandMadeJwt.now() + 60))),
				bearer("exp a minute ago", claims((c) -> c.put("exp", HandMadeJwt.now() - 60))));
	}

	/** The bearer tokens among them (and no token), as {@code ?token=} values: Basic credentials have no query form. */
	static Stream<Arguments> badQueryTokens() {
		return badAuthorizations().map((arguments) -> (Named<?>) arguments.get()[0])
			.filter((named) -> named.getPayload() == null || ((String) named.getPayload()).startsWith("Bearer "))
			.map((named) -> Arguments.of(Named.of(named.getName(),
					(named.getPayload() == null) ? null : ((String) named.getPayload()).substring(7).trim())));
	}

	private static Arguments bad(String name, String authorization) {
		return Arguments.of(Named.of(name, authorization));
	}

	private static Arguments bearer(String name, Map<String, Object> claims) {
		return bad(name, "Bearer " + HandMadeJwt.signed(claims));
	}

	private static Map<String, Object> claims(Consumer<Map<String, Object>> change) {
		Map<String, Object> claims = HandMadeJwt.claims(Tokens.newUser());
		change.accept(claims);
		return claims;
	}

	/** A valid token whose payload was swapped for another user's: the signature no longer matches. */
	private static String tampered() {
		String[] mine = Tokens.of(Tokens.newUser()).split("\\.");
		String[] other = Tokens.of("admin").split("\\.");
		return mine[0] + "." + other[1] + "." + mine[2];
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badAuthorizations")
	void refusesBadCredentialsWith401Problem(String authorization) {
		ResponseSpec response = this.webTestClient.get()
			.uri(CONVERSATIONS)
			.headers((h) -> {
				if (authorization != null) {
					h.set(HttpHeaders.AUTHORIZATION, authorization);
				}
			})
			.exchange();
		response.expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, (value) -> assertThat(value).startsWith("Bearer"));
		Map<String, Object> problem = Problems.expect(response, 401, "unauthorized");
		if (authorization != null && authorization.length() > 20) {
			assertThat(problem.toString()).as("the answer does not echo the credentials")
				.doesNotContain(authorization.substring(authorization.indexOf(' ') + 1));
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badAuthorizations")
	void refusesBadCredentialsOnAnyApiRoute(String authorization) {
		// an unknown route under /api is refused for the token before it is found missing
		ResponseSpec response = this.webTestClient.post()
			.uri("/api/messages/no-such-route")
			.headers((h) -> {
				if (authorization != null) {
					h.set(HttpHeaders.AUTHORIZATION, authorization);
				}
			})
			.exchange();
		Problems.expect(response, 401, "unauthorized");
	}

	@Test
	void acceptsValidToken() {
		this.webTestClient.get()
			.uri(CONVERSATIONS)
			.headers((h) -> h.setBearerAuth(Tokens.of(Tokens.newUser())))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.conversations")
			.isArray();
	}

	@Test
	void acceptsBearerSchemeInAnyCase() {
		this.webTestClient.get()
			.uri(CONVERSATIONS)
			.header(HttpHeaders.AUTHORIZATION, "bearer " + Tokens.of(Tokens.newUser()))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void acceptsNotBeforeWithinClockSkew() {
		expectOk(claims((c) -> c.put("nbf", HandMadeJwt.now() + 10)));
	}

	@Test
	void acceptsExpiryWithinClockSkew() {
		expectOk(claims((c) -> c.put("exp", HandMadeJwt.now() - 10)));
	}

	@Test
	void acceptsIssuedAtWithinClockSkew() {
		expectOk(claims((c) -> c.put("iat", HandMadeJwt.now() + 10)));
	}

	@Test
	void acceptsSubjectUsingTheWholeUserIdAlphabetUpTo64Characters() {
		String subject = ("Az09._:@-" + Tokens.newUser()).substring(0, 23) + "x".repeat(41);
		assertThat(subject).hasSize(64);
		expectOk(claims((c) -> c.put("sub", subject)));
	}

	@Test
	void ignoresIssuerAndAudienceWhenNoneAreConfigured() {
		expectOk(claims((c) -> {
			c.put("iss", "https://anyone.example");
			c.put("aud", "someone-else");
		}));
	}

	private void expectOk(Map<String, Object> claims) {
		this.webTestClient.get()
			.uri(CONVERSATIONS)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + HandMadeJwt.signed(claims))
			.exchange()
			.expectStatus()
			.isOk();
	}

	// ---------------------------------------------------------------- WebSocket handshake

	@ParameterizedTest(name = "{0}")
	@MethodSource("badAuthorizations")
	void refusesWebSocketHandshakeWithBadAuthorizationHeader(String authorization) {
		RawHttp.Response response = handshake("/ws", authorization);
		assertRefusedWithoutUpgrade(response);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badQueryTokens")
	void refusesWebSocketHandshakeWithBadQueryToken(String token) {
		String query = (token == null) ? "" : "?token=" + token;
		RawHttp.Response response = handshake("/ws" + query, null);
		assertRefusedWithoutUpgrade(response);
	}

	@Test
	void refusesWebSocketHandshakeWithBadTokenOnTheJdkClient() {
		assertThatThrownBy(() -> HTTP.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + this.port + "/ws?token=" + HandMadeJwt.unsigned(HandMadeJwt.claims("alice"))),
					new WebSocket.Listener() {
					})
			.get(10, TimeUnit.SECONDS))
			.isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOfSatisfying(WebSocketHandshakeException.class,
					(ex) -> assertThat(ex.getResponse().statusCode()).isEqualTo(401));
	}

	@Test
	void upgradesWebSocketWithValidAuthorizationHeader() throws Exception {
		String user = Tokens.newUser();
		RawHttp.Response response = handshake("/ws", "Bearer " + Tokens.of(user));
		assertThat(response.status()).isEqualTo(101);
		assertThat(response.header("Upgrade")).isEqualToIgnoringCase("websocket");

		FirstFrame first = new FirstFrame();
		WebSocket socket = HTTP.newWebSocketBuilder()
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.of(user))
			.buildAsync(URI.create("ws://127.0.0.1:" + this.port + "/ws"), first)
			.get(10, TimeUnit.SECONDS);
		try {
			assertThat(first.text.get(10, TimeUnit.SECONDS)).contains("\"connected\"").contains(user);
		}
		finally {
			socket.abort();
		}
	}

	@Test
	void upgradesWebSocketWithValidQueryToken() {
		RawHttp.Response response = handshake("/ws?token=" + Tokens.of(Tokens.newUser()), null);
		assertThat(response.status()).isEqualTo(101);
	}

	// ---------------------------------------------------------------- logs

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void neverWritesTokensToTheLog(CapturedOutput output) throws Exception {
		String valid = Tokens.of(Tokens.newUser());
		String wrongKey = HandMadeJwt.signed("HS256", HandMadeJwt.OTHER_SECRET, HandMadeJwt.claims(Tokens.newUser()));
		String expired = HandMadeJwt.signed(claims((c) -> c.put("exp", HandMadeJwt.now() - 3600)));
		String validForWs = Tokens.of(Tokens.newUser());

		this.webTestClient.get().uri(CONVERSATIONS).headers((h) -> h.setBearerAuth(valid)).exchange().expectStatus().isOk();
		this.webTestClient.get().uri(CONVERSATIONS).headers((h) -> h.setBearerAuth(wrongKey)).exchange().expectStatus().isUnauthorized();
		this.webTestClient.get().uri("/api/messages/nope?token=" + expired).headers((h) -> h.setBearerAuth(expired)).exchange()
			.expectStatus().isUnauthorized();
		assertThat(handshake("/ws?token=" + expired, null).status()).isEqualTo(401);
		assertThat(handshake("/ws?token=" + wrongKey, null).status()).isEqualTo(401);
		FirstFrame first = new FirstFrame();
		WebSocket socket = HTTP.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + this.port + "/ws?token=" + validForWs), first)
			.get(10, TimeUnit.SECONDS);
		first.text.get(10, TimeUnit.SECONDS);
		socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);

		for (String token : new String[] { valid, wrongKey, expired, validForWs }) {
			assertThat(output.getAll()).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
		}
	}

	// ---------------------------------------------------------------- helpers

	private RawHttp.Response handshake(String target, String authorization) {
		String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
		String head = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
				+ "\r\nSec-WebSocket-Version: 13" + ((authorization != null) ? "\r\nAuthorization: " + authorization : "");
		return RawHttp.exchange(this.port, head, new byte[0]);
	}

	private static void assertRefusedWithoutUpgrade(RawHttp.Response response) {
		assertThat(response.status()).as("handshake answer").isEqualTo(401);
		assertThat(response.header("Upgrade")).as("no upgrade").isNull();
		assertThat(response.header("Sec-WebSocket-Accept")).isNull();
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.body()).contains("\"code\":\"unauthorized\"").doesNotContain("Exception");
	}

	/** Keeps the first text frame the server sends. */
	private static final class FirstFrame implements WebSocket.Listener {

		final CompletableFuture<String> text = new CompletableFuture<>();

		private final StringBuilder partial = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				this.text.complete(this.partial.toString());
			}
			webSocket.request(1);
			return null;
		}

	}

}
