package com.pulse.messaging.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How access tokens are checked.
 *
 * @param secret HS256 shared secret, its raw UTF-8 bytes ({@code JWT_SECRET}); at least 32 bytes
 * @param issuer required {@code iss} when set ({@code JWT_ISSUER})
 * @param audience required {@code aud} when set ({@code JWT_AUDIENCE})
 * @param clockSkew tolerance for {@code exp}, {@code nbf} and {@code iat}
 * @param jwksUri when set ({@code JWT_JWKS_URI}), tokens are RS256 checked against this JWK set instead of
 * the shared secret
 */
@ConfigurationProperties("messaging.jwt")
public record JwtProperties(String secret, String issuer, String audience, @DefaultValue("30s") Duration clockSkew,
		String jwksUri) {
}
