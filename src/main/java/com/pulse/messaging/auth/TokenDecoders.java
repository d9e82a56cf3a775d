package com.pulse.messaging.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import com.pulse.messaging.system.Validator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.util.StringUtils;

/**
 * The one token decoder: HS256 with the shared secret (any other {@code alg}, {@code none} included, is
 * refused by the algorithm pin), or RS256 against a JWK set when {@code JWT_JWKS_URI} is set; then the
 * checks of API.md: {@code exp} required, {@code nbf}/{@code exp}/{@code iat} with the clock skew, issuer and
 * audience when configured, {@code sub} a user id.
 */
@Configuration(proxyBeanMethods = false)
class TokenDecoders {

	@Bean
	ReactiveJwtDecoder jwtDecoder(JwtProperties properties, Environment environment, Clock clock, JsonMapper json) {
		NimbusReactiveJwtDecoder decoder;
		if (StringUtils.hasText(properties.jwksUri())) {
			decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwksUri())
				.jwsAlgorithm(SignatureAlgorithm.RS256)
				.build();
		}
		else {
			String secret = (properties.secret() == null) ? "" : properties.secret();
			byte[] key = secret.getBytes(StandardCharsets.UTF_8);
			boolean local = Arrays.asList(environment.getActiveProfiles()).contains("local");
			if (key.length < 32 && !local) {
				throw new IllegalStateException("JWT_SECRET must be at least 32 bytes");
			}
			decoder = NimbusReactiveJwtDecoder.withSecretKey(new SecretKeySpec(key, "HmacSHA256"))
				.macAlgorithm(MacAlgorithm.HS256)
				.build();
		}
		MappedJwtClaimSetConverter claims = MappedJwtClaimSetConverter
			.withDefaults(Map.of(JwtClaimNames.SUB, (Converter<Object, Object>) (v) -> v));
		decoder.setClaimSetConverter((raw) -> issuedAtChecked(claims.convert(raw), properties, clock));
		decoder.setJwtValidator(validator(properties, clock));
		NimbusReactiveJwtDecoder checked = decoder;
		// sub is checked as sent: the JWT library turns a number into a string before any validator sees it
		return (token) -> subjectIsString(json, token) ? checked.decode(token)
				: Mono.error(new BadJwtException("The token has no valid subject"));
	}

	/**
	 * An {@code iat} not after {@code exp} is checked here and dropped: the token object refuses such a pair,
	 * yet a token that expired within the skew is accepted whenever it was issued (in the past).
	 */
	private static Map<String, Object> issuedAtChecked(Map<String, Object> claims, JwtProperties properties,
			Clock clock) {
		if (claims.get(JwtClaimNames.IAT) instanceof Instant issuedAt && claims.get(JwtClaimNames.EXP) instanceof Instant expiresAt
				&& !issuedAt.isBefore(expiresAt)) {
			if (issuedAt.isAfter(clock.instant().plus(properties.clockSkew()))) {
				throw new BadJwtException("The token is issued in the future");
			}
			Map<String, Object> kept = new java.util.LinkedHashMap<>(claims);
			kept.remove(JwtClaimNames.IAT);
			return kept;
		}
		return claims;
	}

	private static boolean subjectIsString(JsonMapper json, String token) {
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3) {
			return true; // not a signed JWT: the decoder says why
		}
		try {
			JsonNode payload = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
			JsonNode sub = (payload == null) ? null : payload.get(JwtClaimNames.SUB);
			return sub == null || sub.isString();
		}
		catch (RuntimeException ex) {
			return true; // not JSON: the decoder says why
		}
	}

	static OAuth2TokenValidator<Jwt> validator(JwtProperties properties, Clock clock) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
		timestamps.setClock(clock);
		timestamps.setAllowEmptyExpiryClaim(false);
		validators.add(timestamps);
		validators.add(check((jwt) -> jwt.getClaims().get(JwtClaimNames.EXP) != null, "The token has no expiry"));
		validators.add(check((jwt) -> {
			Instant issuedAt = jwt.getIssuedAt();
			return issuedAt == null || !issuedAt.isAfter(clock.instant().plus(properties.clockSkew()));
		}, "The token is issued in the future"));
		validators.add(check((jwt) -> jwt.getClaims().get(JwtClaimNames.SUB) instanceof String sub && Validator.isUserId(sub),
				"The token has no valid subject"));
		if (StringUtils.hasText(properties.issuer())) {
			validators.add(new JwtIssuerValidator(properties.issuer()));
		}
		if (StringUtils.hasText(properties.audience())) {
			validators.add(new JwtAudienceValidator(properties.audience()));
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

	private static OAuth2TokenValidator<Jwt> check(java.util.function.Predicate<Jwt> rule, String description) {
		OAuth2Error error = new OAuth2Error("invalid_token", description, null);
		return (jwt) -> rule.test(jwt) ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(error);
	}

}
