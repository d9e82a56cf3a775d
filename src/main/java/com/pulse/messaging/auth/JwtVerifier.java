package com.pulse.messaging.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.Jws;
import com.pulse.messaging.system.ApiException;
import com.pulse.messaging.system.ErrorCode;
import com.pulse.messaging.system.Validator;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/** Verifies HS256 access tokens: signature, {@code exp} (required), {@code nbf}, {@code iat}, issuer, audience. */
@Component
public class JwtVerifier {

	private static final String HS256 = "HS256";

	private final JwtParser parser;

	private final long skewMillis;

	private final Clock clock;

	public JwtVerifier(JwtProperties properties, Environment environment, Clock clock) {
		String secret = properties.secret() == null ? "" : properties.secret();
		boolean local = Arrays.asList(environment.getActiveProfiles()).contains("local");
		byte[] key = secret.getBytes(StandardCharsets.UTF_8);
		if (key.length < 32 && !local) {
			throw new IllegalStateException("JWT_SECRET must be at least 32 bytes");
		}
		this.clock = clock;
		this.skewMillis = properties.clockSkew().toMillis();
		SecretKey hmac = new SecretKeySpec(key, "HmacSHA256");
		JwtParserBuilder builder = Jwts.parser()
			.keyLocator((header) -> {
				if (!HS256.equals(header.getAlgorithm())) {
					throw new JwtException("unsupported algorithm");
				}
				return hmac;
			})
			.clock(() -> new Date(clock.millis()))
			.clockSkewSeconds(properties.clockSkew().toSeconds());
		if (StringUtils.hasText(properties.issuer())) {
			builder.requireIssuer(properties.issuer());
		}
		if (StringUtils.hasText(properties.audience())) {
			builder.requireAudience(properties.audience());
		}
		this.parser = builder.build();
	}

	/** The user the token names; an {@link ErrorCode#UNAUTHORIZED} failure otherwise. */
	public AuthenticatedUser verify(String token) {
		if (!StringUtils.hasText(token)) {
			throw unauthorized("A bearer token is required");
		}
		Claims claims;
		try {
			Jws<Claims> jws = this.parser.parseSignedClaims(token);
			claims = jws.getPayload();
		}
		catch (JwtException | IllegalArgumentException ex) {
			throw unauthorized("The token is invalid or expired");
		}
		if (claims.getExpiration() == null) {
			throw unauthorized("The token has no expiry");
		}
		Date issuedAt = claims.getIssuedAt();
		if (issuedAt != null && issuedAt.getTime() > this.clock.millis() + this.skewMillis) {
			throw unauthorized("The token is issued in the future");
		}
		String subject = claims.getSubject();
		if (!Validator.isUserId(subject)) {
			throw unauthorized("The token has no valid subject");
		}
		return new AuthenticatedUser(subject, stringClaim(claims, "username"), stringClaim(claims, "name"));
	}

	private static String stringClaim(Claims claims, String name) {
		Object value = claims.get(name);
		if (value instanceof String text && !text.isBlank() && text.length() <= 200) {
			return text.strip();
		}
		return null;
	}

	private static ApiException unauthorized(String detail) {
		return new ApiException(ErrorCode.UNAUTHORIZED, detail);
	}

}
