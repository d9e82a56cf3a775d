package com.pulse.messaging.system;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Every HTTP answer, errors of the earliest filters included, carries {@code X-Content-Type-Options: nosniff}
 * and {@code Cache-Control: no-store}: API answers hold private data that no cache may keep. First of all
 * filters, so no refusal can skip it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiHeaders implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		exchange.getResponse().beforeCommit(() -> {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			headers.set("X-Content-Type-Options", "nosniff");
			headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

}
