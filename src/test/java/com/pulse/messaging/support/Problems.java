package com.pulse.messaging.support;

import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks of RFC 9457 problem answers: status, media type, stable code, and nothing leaked. */
public final class Problems {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static final List<String> LEAKS = List.of("Exception", "\tat ", "java.", "org.springframework",
			"com.mongodb", "reactor.", "io.netty", "Caused by");

	private Problems() {
	}

	/** The problem body of an answer that must have this status and code. */
	public static Map<String, Object> expect(ResponseSpec response, int status, String code) {
		var result = response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult();
		String raw = result.getResponseBody();
		assertThat(raw).as("problem body").isNotNull();
		for (String leak : LEAKS) {
			assertThat(raw).as("problem body leaks nothing").doesNotContain(leak);
		}
		Map<String, Object> body = parse(raw);
		assertThat(body).containsKeys("type", "title", "status", "detail", "code");
		assertThat(body.get("status")).isEqualTo(status);
		assertThat(body.get("code")).as("problem code of %s", raw).isEqualTo(code);
		return body;
	}

	public static Map<String, Object> notFound(ResponseSpec response) {
		return expect(response, 404, "not_found");
	}

	public static Map<String, Object> forbidden(ResponseSpec response) {
		return expect(response, 403, "forbidden");
	}

	public static Map<String, Object> validation(ResponseSpec response) {
		Map<String, Object> body = expect(response, 400, "validation_failed");
		assertThat(body.get("errors")).as("errors[] of a validation failure").isInstanceOf(List.class);
		for (Map<String, Object> error : ApiClient.list(body, "errors")) {
			assertThat(error).containsKeys("field", "message");
		}
		return body;
	}

	/** A validation failure naming this field among its errors. */
	public static Map<String, Object> validation(ResponseSpec response, String field) {
		Map<String, Object> body = validation(response);
		assertThat(ApiClient.list(body, "errors")).extracting((e) -> e.get("field")).contains(field);
		return body;
	}

	public static Map<String, Object> malformed(ResponseSpec response) {
		return expect(response, 400, "malformed_request");
	}

	/** A 400, either code: API.md names none for wrong JSON types. */
	public static Map<String, Object> badRequest(ResponseSpec response) {
		var result = response.expectStatus().isEqualTo(400).expectBody(String.class).returnResult();
		Map<String, Object> body = parse(result.getResponseBody());
		assertThat(body.get("code")).isIn("validation_failed", "malformed_request");
		return body;
	}

	private static Map<String, Object> parse(String raw) {
		return tools.jackson.databind.json.JsonMapper.shared().readValue(raw, new tools.jackson.core.type.TypeReference<>() {
		});
	}

}
