package com.pulse.messaging.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import javax.crypto.SecretKey;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

/** HS256 access tokens signed with the development secret, and fresh user ids so tests never share state. */
public final class Tokens {

	/** The secret the service uses when {@code JWT_SECRET} is unset. */
	public static final String DEV_SECRET = "change-me-change-me-change-me-change-me-0123456789";

	private static final SecretKey KEY = Keys.hmacShaKeyFor(DEV_SECRET.getBytes(StandardCharsets.UTF_8));

	private Tokens() {
	}

	/** A user id nobody else in the test JVM uses. */
	public static String newUser() {
		byte[] bytes = new byte[6];
		ThreadLocalRandom.current().nextBytes(bytes);
		return "t-" + HexFormat.of().formatHex(bytes);
	}

	/** A token for the user, valid for an hour. */
	public static String of(String userId) {
		return builder(userId).compact();
	}

	/** A token whose {@code username} and {@code name} claims feed the user cache. */
	public static String withProfile(String userId, String username, String name) {
		return builder(userId).claim("username", username).claim("name", name).compact();
	}

	/** A token whose {@code roles} claim is this array. */
	public static String withRoles(String userId, String... roles) {
		return builder(userId).claim("roles", java.util.List.of(roles)).compact();
	}

	/** A token that expires this long from now (whole seconds, as JWT times are). */
	public static String expiringIn(String userId, Duration lifetime) {
		return builder(userId, lifetime).compact();
	}

	private static JwtBuilder builder(String userId) {
		return builder(userId, Duration.ofHours(1));
	}

	private static JwtBuilder builder(String userId, Duration lifetime) {
		Instant now = Instant.now();
		return Jwts.builder()
			.subject(userId)
			.issuedAt(Date.from(now))
			.expiration(Date.from(now.plus(lifetime)))
			.signWith(KEY, Jwts.SIG.HS256);
	}

}
