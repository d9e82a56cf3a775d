package com.pulse.messaging.auth;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Finds the bearer token: the {@code Authorization} header (scheme in any case), or on the {@code /ws}
 * handshake, when there is no such header, the seed's {@code ?token=}. Another scheme counts as no token.
 */
final class BearerTokens implements ServerAuthenticationConverter {

	static final PathPattern WS = PathPatternParser.defaultInstance.parse("/ws");

	private static final String BEARER = "bearer ";

	@Override
	public Mono<Authentication> convert(ServerWebExchange exchange) {
		String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		String token;
		if (header != null) {
			if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
				return Mono.empty();
			}
			token = header.substring(BEARER.length()).trim();
		}
		else if (WS.matches(exchange.getRequest().getPath().pathWithinApplication())) {
			token = exchange.getRequest().getQueryParams().getFirst("token");
			if (token == null) {
				return Mono.empty();
			}
		}
		else {
			return Mono.empty();
		}
		if (!StringUtils.hasText(token)) {
			return Mono.error(new InvalidBearerTokenException("The bearer token is empty"));
		}
		return Mono.just(new BearerTokenAuthenticationToken(token));
	}

}
