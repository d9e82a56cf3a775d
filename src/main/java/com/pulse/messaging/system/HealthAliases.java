package com.pulse.messaging.system;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/** The seed's {@code /health} and {@code /ready}: aliases of the liveness and readiness groups. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class HealthAliases implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().value();
		String target = switch (path) {
			case "/health", "/health/" -> "/actuator/health/liveness";
			case "/ready", "/ready/" -> "/actuator/health/readiness";
			default -> null;
		};
		if (target == null) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate().request((request) -> request.path(target)).build());
	}

}
