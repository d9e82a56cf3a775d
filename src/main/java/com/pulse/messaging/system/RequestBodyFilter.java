package com.pulse.messaging.system;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses a request body before reading it when its declared size is over the limit (413) or its declared
 * type is not {@code application/json} (415): the JSON codec alone would also take {@code application/*+json}
 * and NDJSON. Chunked oversize bodies are caught by the codec limit; a body without a type by the codec.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class RequestBodyFilter implements WebFilter {

	private final LimitsProperties limits;

	RequestBodyFilter(LimitsProperties limits) {
		this.limits = limits;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		long length = headers.getContentLength();
		if (length > this.limits.maxBodyBytes()) {
			return Mono.error(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
					"The request body is larger than " + this.limits.maxBodyBytes() + " bytes"));
		}
		boolean hasBody = length > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
		MediaType type = headers.getContentType();
		if (hasBody && type != null && !MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)) {
			return Mono.error(new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The request body must be application/json"));
		}
		return chain.filter(exchange);
	}

}
