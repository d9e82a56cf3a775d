package com.pulse.messaging.auth;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.Problems;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/** With {@code JWT_ISSUER} and {@code JWT_AUDIENCE} configured, a token must name both. Its own context. */
@TestPropertySource(properties = { "messaging.jwt.issuer=https://users.pulse.test", "messaging.jwt.audience=messaging" })
class IssuerAudienceTest extends IntegrationTestBase {

	private static final String ISSUER = "https://users.pulse.test";

	private static final String AUDIENCE = "messaging";

	@Test
	void acceptsTokenWithConfiguredIssuerAndAudience() {
		call(token((c) -> {
			c.put("iss", ISSUER);
			c.put("aud", AUDIENCE);
		})).expectStatus().isOk();
	}

	@Test
	void acceptsAudienceListContainingConfiguredAudience() {
		call(token((c) -> {
			c.put("iss", ISSUER);
			c.put("aud", List.of("other-service", AUDIENCE));
		})).expectStatus().isOk();
	}

	@Test
	void refusesTokenWithoutIssuer() {
		unauthorized(token((c) -> c.put("aud", AUDIENCE)));
	}

	@Test
	void refusesTokenWithWrongIssuer() {
		unauthorized(token((c) -> {
			c.put("iss", "https://evil.example");
			c.put("aud", AUDIENCE);
		}));
	}

	@Test
	void refusesTokenWithoutAudience() {
		unauthorized(token((c) -> c.put("iss", ISSUER)));
	}

	@Test
	void refusesTokenWithWrongAudience() {
		unauthorized(token((c) -> {
			c.put("iss", ISSUER);
			c.put("aud", "billing");
		}));
	}

	@Test
	void refusesPlainTokenOfTheDefaultSetup() {
		unauthorized(Tokens.of(Tokens.newUser()));
	}

	private static String token(Consumer<Map<String, Object>> change) {
		Map<String, Object> claims = HandMadeJwt.claims(Tokens.newUser());
		change.accept(claims);
		return HandMadeJwt.signed(claims);
	}

	private ResponseSpec call(String token) {
		return this.webTestClient.get()
			.uri("/api/messages/conversations")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange();
	}

	private void unauthorized(String token) {
		Problems.expect(call(token), 401, "unauthorized");
	}

}
