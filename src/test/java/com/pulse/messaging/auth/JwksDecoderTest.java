package com.pulse.messaging.auth;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.pulse.messaging.support.Tokens;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/** With {@code JWT_JWKS_URI} set, tokens are RS256 checked against the issuer's JWK set (served here). */
class JwksDecoderTest {

	private HttpServer server;

	private RSAKey key;

	private ReactiveJwtDecoder decoder;

	@BeforeEach
	void issuer() throws Exception {
		this.key = new RSAKeyGenerator(2048).keyID("k1").generate();
		byte[] jwks = new JWKSet(this.key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/jwks.json", (exchange) -> {
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, jwks.length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(jwks);
			}
		});
		this.server.start();
		String uri = "http://127.0.0.1:" + this.server.getAddress().getPort() + "/jwks.json";
		this.decoder = new TokenDecoders().jwtDecoder(new JwtProperties(null, null, null, Duration.ofSeconds(30), uri),
				new MockEnvironment(), Clock.systemUTC(), JsonMapper.builder().build());
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void acceptsAnRs256TokenSignedWithTheIssuersKey() throws Exception {
		StepVerifier.create(this.decoder.decode(rs256("alice")))
			.assertNext((jwt) -> org.assertj.core.api.Assertions.assertThat(jwt.getSubject()).isEqualTo("alice"))
			.verifyComplete();
	}

	@Test
	void refusesAnHs256TokenOnceAJwkSetIsConfigured() {
		StepVerifier.create(this.decoder.decode(Tokens.of("alice"))).verifyError(JwtException.class);
	}

	@Test
	void stillChecksTheSubject() throws Exception {
		StepVerifier.create(this.decoder.decode(rs256("alice smith"))).verifyError(JwtException.class);
	}

	private String rs256(String subject) throws JOSEException, IOException {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(3600)))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
		jwt.sign(new RSASSASigner(this.key));
		return jwt.serialize();
	}

}
