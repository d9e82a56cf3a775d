package com.pulse.messaging.auth;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.pulse.messaging.system.ApiException;
import com.pulse.messaging.system.ErrorCode;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Turns an access token into the caller, with every check of API.md (the decoder's validators, see
 * {@link TokenDecoders}); the security chain and a socket's {@code auth.refresh} both use it.
 */
@Component
public class JwtVerifier {

	private final ReactiveJwtDecoder decoder;

	JwtVerifier(ReactiveJwtDecoder decoder) {
		this.decoder = decoder;
	}

	/** The principal the token names; an {@link ErrorCode#UNAUTHORIZED} failure otherwise. */
	public Mono<UserPrincipal> verify(String token) {
		if (!StringUtils.hasText(token)) {
			return Mono.error(unauthorized());
		}
		return Mono.defer(() -> this.decoder.decode(token))
			.onErrorMap(JwtException.class, (ex) -> unauthorized())
			.map(JwtVerifier::principal);
	}

	static UserPrincipal principal(Jwt jwt) {
		AuthenticatedUser user = new AuthenticatedUser(jwt.getSubject(), stringClaim(jwt, "username"),
				stringClaim(jwt, "name"));
		Instant expiresAt = jwt.getExpiresAt();
		return new UserPrincipal(user, expiresAt, roles(jwt.getClaims().get("roles")));
	}

	/** {@code roles} counts only as a JSON array of strings; anything else grants nothing. */
	private static Set<String> roles(Object claim) {
		if (!(claim instanceof List<?> list)) {
			return Set.of();
		}
		Set<String> roles = new LinkedHashSet<>();
		for (Object role : list) {
			if (!(role instanceof String text)) {
				return Set.of();
			}
			roles.add(text);
		}
		return roles;
	}

	private static String stringClaim(Jwt jwt, String name) {
		Object value = jwt.getClaims().get(name);
		if (value instanceof String text && !text.isBlank() && text.length() <= 200) {
			return text.strip();
		}
		return null;
	}

	private static ApiException unauthorized() {
		return new ApiException(ErrorCode.UNAUTHORIZED, "The token is invalid or expired");
	}

}
