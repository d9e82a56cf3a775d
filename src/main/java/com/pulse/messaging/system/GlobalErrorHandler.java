package com.pulse.messaging.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;

/** Renders every failure of every route (unknown routes and filters included) as problem details. */
@Component
@Order(-2)
class GlobalErrorHandler implements ErrorWebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(GlobalErrorHandler.class);

	private final ProblemDetails problems;

	GlobalErrorHandler(ProblemDetails problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
		ApiException api = ErrorMapping.toApiException(error);
		if (api.code() == ErrorCode.INTERNAL) {
			log.error("Unhandled error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
		}
		else if (api.code() == ErrorCode.UNAVAILABLE) {
			log.warn("Backend unavailable on {} {}: {}", exchange.getRequest().getMethod(),
					exchange.getRequest().getPath(), error.toString());
		}
		if (error instanceof MethodNotAllowedException notAllowed && !exchange.getResponse().isCommitted()) {
			// RFC 9110: a 405 says which methods the resource does allow
			exchange.getResponse().getHeaders().setAllow(notAllowed.getSupportedMethods());
		}
		return this.problems.write(exchange, api);
	}

}
