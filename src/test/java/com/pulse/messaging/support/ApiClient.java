package com.pulse.messaging.support;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST API as a client sees it: raw calls (for status and problem checks) and the common steps of a
 * test (open a direct conversation, create a group, send, read history) that must succeed. Bodies are
 * plain JSON maps, so tests see the wire format, not the service's records.
 */
public final class ApiClient {

	public static final String API = "/api/messages";

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final WebTestClient http;

	private final WebClient async;

	public ApiClient(WebTestClient http, int port) {
		this.http = http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
		this.async = WebClient.create("http://127.0.0.1:" + port);
	}

	/** How long a batch of concurrent calls may take. */
	public static final Duration BATCH_TIMEOUT = Duration.ofSeconds(60);

	/** A status and JSON body answered to a concurrent call. */
	public record Answer(int status, Map<String, Object> body) {
	}

	// ---------------------------------------------------------------- raw calls

	public ResponseSpec get(String user, String path) {
		return this.http.get().uri(path).headers((h) -> h.setBearerAuth(Tokens.of(user))).exchange();
	}

	public ResponseSpec delete(String user, String path) {
		return this.http.delete().uri(path).headers((h) -> h.setBearerAuth(Tokens.of(user))).exchange();
	}

	public ResponseSpec post(String user, String path, Object body) {
		return call(HttpMethod.POST, user, path, body);
	}

	public ResponseSpec put(String user, String path, Object body) {
		return call(HttpMethod.PUT, user, path, body);
	}

	public ResponseSpec patch(String user, String path, Object body) {
		return call(HttpMethod.PATCH, user, path, body);
	}

	/** A call with a JSON body (a map, or a string sent as is); null sends no body. */
	public ResponseSpec call(HttpMethod method, String user, String path, Object body) {
		var request = this.http.method(method).uri(path).headers((h) -> h.setBearerAuth(Tokens.of(user)));
		if (body == null) {
			return request.exchange();
		}
		return request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	/** A non-blocking call, for concurrency tests: many of them can be in flight at once. */
	public Mono<Answer> async(HttpMethod method, String user, String path, Object body) {
		String token = Tokens.of(user); // signed here: the request callbacks run on event-loop threads
		var request = this.async.method(method).uri(path).headers((h) -> h.setBearerAuth(token));
		var ready = (body == null) ? request : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
		return ready.exchangeToMono((response) -> response.bodyToMono(JSON)
			.defaultIfEmpty(Map.of())
			.map((json) -> new Answer(response.statusCode().value(), json)));
	}

	/** The JSON body of an answer that must have this status. */
	public static Map<String, Object> body(ResponseSpec response, int status) {
		return response.expectStatus().isEqualTo(status).expectBody(JSON).returnResult().getResponseBody();
	}

	// ---------------------------------------------------------------- steps that must succeed

	/** Finds or creates the direct conversation (201 or 200) and returns it. */
	public Map<String, Object> openDirect(String user, String other) {
		var result = post(user, API + "/conversations/direct", Map.of("user_id", other)).expectBody(JSON).returnResult();
		assertThat(result.getStatus().value()).as("open direct: %s", result.getResponseBody()).isIn(200, 201);
		return result.getResponseBody();
	}

	public String direct(String user, String other) {
		return (String) openDirect(user, other).get("id");
	}

	public Map<String, Object> group(String admin, String name, String... members) {
		return body(post(admin, API + "/group", Map.of("name", name, "participant_ids", List.of(members))), 201);
	}

	public String groupId(String admin, String... members) {
		return (String) group(admin, "Group", members).get("id");
	}

	public Map<String, Object> send(String user, Map<String, Object> request) {
		return body(post(user, API, request), 201);
	}

	public Map<String, Object> send(String user, String conversationId, String content) {
		return send(user, Map.of("conversation_id", conversationId, "content", content));
	}

	public Map<String, Object> conversation(String user, String conversationId) {
		return body(get(user, API + "/conversations/" + conversationId), 200);
	}

	/** A history page; {@code query} like {@code limit=10&before_seq=5}, or empty. */
	public Map<String, Object> history(String user, String conversationId, String query) {
		String path = API + "/conversations/" + conversationId + "/messages" + (query.isEmpty() ? "" : "?" + query);
		return body(get(user, path), 200);
	}

	/** The newest 100 messages of the conversation. */
	public List<Map<String, Object>> messages(String user, String conversationId) {
		return list(history(user, conversationId, "limit=100"), "messages");
	}

	/** Ids of the newest 100 messages, ascending. */
	public List<String> messageIds(String user, String conversationId) {
		return messages(user, conversationId).stream().map((m) -> (String) m.get("id")).toList();
	}

	public Map<String, Object> unread(String user) {
		return body(get(user, API + "/unread"), 200);
	}

	// ---------------------------------------------------------------- JSON helpers

	@SuppressWarnings("unchecked")
	public static List<Map<String, Object>> list(Map<String, Object> body, String field) {
		return (List<Map<String, Object>>) body.get(field);
	}

	@SuppressWarnings("unchecked")
	public static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	public static long number(Object value) {
		return ((Number) value).longValue();
	}

	/** A mutable JSON object from key-value pairs (nulls allowed, unlike {@code Map.of}). */
	public static Map<String, Object> json(Object... pairs) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put((String) pairs[i], pairs[i + 1]);
		}
		return map;
	}

	/** The participant entry of a user in a conversation body. */
	public static Map<String, Object> participant(Map<String, Object> conversation, String userId) {
		return list(conversation, "participants").stream()
			.filter((p) -> userId.equals(p.get("user_id")))
			.findFirst()
			.orElseThrow(() -> new AssertionError(userId + " is not a participant of " + conversation.get("id")));
	}

}
