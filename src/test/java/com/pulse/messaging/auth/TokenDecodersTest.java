package com.pulse.messaging.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/** The decoder alone: the checks of API.md on hand-made tokens, without a server. */
class TokenDecodersTest {

	private final ReactiveJwtDecoder decoder = new TokenDecoders().jwtDecoder(
			new JwtProperties(Tokens.DEV_SECRET, null, null, Duration.ofSeconds(30), null), new MockEnvironment(),
			Clock.systemUTC(), JsonMapper.builder().build());

	@Test
	void acceptsExpiryWithinTheClockSkew() {
		StepVerifier.create(this.decoder.decode(token((c) -> c.put("exp", HandMadeJwt.now() - 10))))
			.expectNextCount(1)
			.verifyComplete();
	}

	@Test
	void refusesExpiryPastTheClockSkew() {
		StepVerifier.create(this.decoder.decode(token((c) -> c.put("exp", HandMadeJwt.now() - 60))))
			.verifyError(JwtException.class);
	}

	@Test
	void refusesSubjectThatIsNotAString() {
		StepVerifier.create(this.decoder.decode(token((c) -> c.put("sub", 42)))).verifyError(JwtException.class);
	}

	@Test
	void refusesAlgNone() {
		StepVerifier.create(this.decoder.decode(HandMadeJwt.unsigned(HandMadeJwt.claims("alice"))))
			.verifyError(JwtException.class);
	}

	@Test
	void refusesShortSecretOutsideTheLocalProfile() {
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> new TokenDecoders().jwtDecoder(
					new JwtProperties("too-short", null, null, Duration.ofSeconds(30), null), new MockEnvironment(),
					Clock.systemUTC(), JsonMapper.builder().build()))
			.hasMessageContaining("32 bytes");
	}

	private static String token(Consumer<Map<String, Object>> change) {
		Map<String, Object> claims = HandMadeJwt.claims("alice");
		change.accept(claims);
		return HandMadeJwt.signed(claims);
	}

}
