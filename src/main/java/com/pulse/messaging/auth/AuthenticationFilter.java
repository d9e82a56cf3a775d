package com.pulse.messaging.auth;

import java.util.List;

import com.pulse.messaging.system.ApiException;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Requires a valid token on {@code /api/**} and the {@code /ws} handshake (there also as {@code ?token=}),
 * so a bad token is refused with 401 before any upgrade. Tokens are never logged.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AuthenticationFilter implements WebFilter {

	private static final String BEARER = "bearer ";

	private final JwtVerifier verifier;

	private final List<AuthenticationListener> listeners;

	AuthenticationFilter(JwtVerifier verifier, List<AuthenticationListener> listeners) {
		this.verifier = verifier;
		this.listeners = listeners;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		boolean api = path.equals("/api") || path.startsWith("/api/");
		boolean ws = path.equals("/ws") || path.equals("/ws/");
		if (!api && !ws) {
			return chain.filter(exchange);
		}
		AuthenticatedUser user;
		try {
			user = this.verifier.verify(token(exchange, ws));
		}
		catch (ApiException ex) {
			return Mono.error(ex);
		}
		exchange.getAttributes().put(AuthenticatedUser.ATTRIBUTE, user);
		Mono<Void> notify = Mono.empty();
		for (AuthenticationListener listener : this.listeners) {
			notify = notify.then(listener.authenticated(user).onErrorComplete());
		}
		ServerWebExchange authenticated = exchange.mutate().principal(Mono.just(new UserPrincipal(user))).build();
		return notify.then(chain.filter(authenticated));
	}

	private static String token(ServerWebExchange exchange, boolean ws) {
		String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (header != null) {
			return header.regionMatches(true, 0, BEARER, 0, BEARER.length()) ? header.substring(BEARER.length()).trim()
					: null;
		}
		return ws ? exchange.getRequest().getQueryParams().getFirst("token") : null;
	}

	static AuthenticatedUser userOf(ServerWebExchange exchange) {
		return exchange.getAttribute(AuthenticatedUser.ATTRIBUTE);
	}

}
