package com.pulse.messaging.system;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/** Refuses a declared oversize body before reading it; chunked bodies are caught by the codec limit. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeFilter implements WebFilter {

	private final LimitsProperties limits;

	RequestSizeFilter(LimitsProperties limits) {
		this.limits = limits;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long length = exchange.getRequest().getHeaders().getContentLength();
		if (length > this.limits.maxBodyBytes()) {
			return Mono.error(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
					"The request body is larger than " + this.limits.maxBodyBytes() + " bytes"));
		}
		return chain.filter(exchange);
	}

}
