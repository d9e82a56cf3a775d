package com.pulse.messaging.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pulse.messaging.system.ApiException.FieldError;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/** Writes RFC 9457 problem details; the one place that turns an {@link ErrorCode} into an HTTP answer. */
@Component
public class ProblemDetails {

	public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

	private final JsonMapper json;

	public ProblemDetails(JsonMapper json) {
		this.json = json;
	}

	/** The problem body, field order as in the contract. */
	public static Map<String, Object> body(ErrorCode code, String detail, List<FieldError> errors, String instance) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", code.type());
		body.put("title", code.title());
		body.put("status", code.status().value());
		body.put("detail", detail);
		body.put("code", code.code());
		if (instance != null) {
			body.put("instance", instance);
		}
		if (!errors.isEmpty()) {
			body.put("errors", errors);
		}
		return body;
	}

	public Mono<Void> write(ServerWebExchange exchange, ApiException error) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		ErrorCode code = error.code();
		response.setStatusCode(code.status());
		HttpHeaders headers = response.getHeaders();
		headers.setContentType(PROBLEM_JSON);
		if (code == ErrorCode.UNAUTHORIZED) {
			headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"messaging\"");
		}
		if (code == ErrorCode.RATE_LIMITED && headers.getFirst(HttpHeaders.RETRY_AFTER) == null) {
			headers.set(HttpHeaders.RETRY_AFTER, "1");
		}
		String path = exchange.getRequest().getPath().value();
		byte[] bytes = this.json.writeValueAsBytes(body(code, error.getMessage(), error.errors(), path));
		DataBuffer buffer = response.bufferFactory().wrap(bytes);
		return response.writeWith(Mono.just(buffer));
	}

}
