package com.pulse.messaging.auth;

import com.pulse.messaging.system.ApiException;
import com.pulse.messaging.system.ErrorCode;
import com.pulse.messaging.system.ProblemDetails;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses a {@code /ws} handshake from a web page whose origin is not in {@code CORS_ALLOWED_ORIGINS} with
 * 403, before the token is looked at (a page elsewhere could otherwise ride a user's token). No
 * {@code Origin} header: a native client, allowed.
 */
@Component
@Order(-200) // before the security chain (-100)
class WebSocketOrigins implements WebFilter {

	private final CorsProperties cors;

	private final ProblemDetails problems;

	WebSocketOrigins(CorsProperties cors, ProblemDetails problems) {
		this.cors = cors;
		this.problems = problems;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String origin = exchange.getRequest().getHeaders().getFirst(HttpHeaders.ORIGIN);
		if (origin == null || this.cors.allows(origin)
				|| !BearerTokens.WS.matches(exchange.getRequest().getPath().pathWithinApplication())) {
			return chain.filter(exchange);
		}
		return this.problems.write(exchange, new ApiException(ErrorCode.FORBIDDEN, "This origin may not open a socket"));
	}

}
