package com.pulse.messaging.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.pulse.messaging.support.Tokens;
import tools.jackson.databind.json.JsonMapper;

/**
 * JWTs built byte by byte, so a test can send what a JWT library refuses to make: {@code alg: none}, HS512
 * with a 50-byte secret, no {@code exp}, any claim of any type.
 */
final class HandMadeJwt {

	/** A secret of the right length that is not the service's. */
	static final String OTHER_SECRET = "another-secret-another-secret-0123456789";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	private HandMadeJwt() {
	}

	/** Claims of a valid token: {@code sub}, {@code iat} now, {@code exp} in an hour. */
	static Map<String, Object> claims(String subject) {
		long now = now();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", subject);
		claims.put("iat", now);
		claims.put("exp", now + 3600);
		return claims;
	}

	/** Seconds since the epoch, as JWT times are. */
	static long now() {
		return Instant.now().getEpochSecond();
	}

	/** HS256 with the development secret. */
	static String signed(Map<String, Object> claims) {
		return signed("HS256", Tokens.DEV_SECRET, claims);
	}

	/** Signed with this HMAC algorithm ({@code HS256}, {@code HS384}, {@code HS512}) and secret's UTF-8 bytes. */
	static String signed(String alg, String secret, Map<String, Object> claims) {
		String unsigned = encode(Map.of("alg", alg, "typ", "JWT")) + "." + encode(claims);
		return unsigned + "." + BASE64.encodeToString(hmac("Hmac" + alg.replace("HS", "SHA"), secret, unsigned));
	}

	/** An unsecured JWT ({@code alg: none}) with an empty signature part. */
	static String unsigned(Map<String, Object> claims) {
		return encode(Map.of("alg", "none", "typ", "JWT")) + "." + encode(claims) + ".";
	}

	private static String encode(Map<String, Object> json) {
		return BASE64.encodeToString(JSON.writeValueAsBytes(json));
	}

	private static byte[] hmac(String algorithm, String secret, String data) {
		try {
			Mac mac = Mac.getInstance(algorithm);
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
			return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
