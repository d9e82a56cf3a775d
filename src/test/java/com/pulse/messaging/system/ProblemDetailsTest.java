package com.pulse.messaging.system;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.Problems;
import com.pulse.messaging.support.RawHttp;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

import static org.assertj.core.api.Assertions.assertThat;

/** Every failure, from a broken body to an unknown route, is an RFC 9457 problem with a stable code and no internals. */
class ProblemDetailsTest extends IntegrationTestBase {

	private static final String SEND = ApiClient.API;

	private static final int LIMIT = 256 * 1024;

	private String user;

	private String conversation;

	private ApiClient api;

	@BeforeEach
	void openConversation() {
		this.api = new ApiClient(this.webTestClient, this.port);
		this.user = Tokens.newUser();
		this.conversation = this.api.direct(this.user, Tokens.newUser());
	}

	@Test
	void answersMalformedJsonWithMalformedRequest() {
		Problems.malformed(this.api.post(this.user, SEND, "{\"conversation_id\": \"" + this.conversation + "\", \"content\": "));
	}

	@Test
	void answersJsonThatIsNotAnObjectWithBadRequest() {
		Problems.badRequest(this.api.post(this.user, SEND, "[1, 2, 3]"));
	}

	@Test
	void answersMissingBodyWithMalformedRequest() {
		Problems.malformed(this.webTestClient.post()
			.uri(SEND)
			.headers((h) -> h.setBearerAuth(Tokens.of(this.user)))
			.contentType(MediaType.APPLICATION_JSON)
			.exchange());
	}

	@Test
	void answersEmptyBodyWithMalformedRequest() {
		Problems.malformed(this.api.post(this.user, SEND, ""));
	}

	@Test
	void answersWrongJsonTypeWithBadRequest() {
		Map<String, Object> problem = Problems.badRequest(
				this.api.post(this.user, SEND, Map.of("conversation_id", this.conversation, "content", 123)));
		assertThat(problem).containsKeys("type", "title", "status", "detail", "code");
		Problems.badRequest(this.api.post(this.user, SEND,
				Map.of("conversation_id", Map.of("$ne", "x"), "content", "hi")));
	}

	@Test
	void answersNonJsonContentTypeWith415() {
		Problems.expect(this.webTestClient.post()
			.uri(SEND)
			.headers((h) -> h.setBearerAuth(Tokens.of(this.user)))
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("conversation_id=" + this.conversation + "&content=hi")
			.exchange(), 415, "unsupported_media_type");
		Problems.expect(this.webTestClient.post()
			.uri(SEND)
			.headers((h) -> h.setBearerAuth(Tokens.of(this.user)))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("conversation_id=" + this.conversation + "&content=hi")
			.exchange(), 415, "unsupported_media_type");
	}

	@Test
	void answersOversizeBodyWithContentLengthWith413() {
		byte[] body = sendBody(LIMIT + 1024);
		RawHttp.Response response = RawHttp.exchange(this.port, post("Content-Length: " + body.length), body);
		assertProblem(response, 413, "payload_too_large");
	}

	@Test
	void answersOversizeChunkedBodyWith413() {
		byte[] body = sendBody(LIMIT + 1024);
		RawHttp.Response response = RawHttp.exchange(this.port, post("Transfer-Encoding: chunked"),
				RawHttp.chunked(body, 8192));
		assertProblem(response, 413, "payload_too_large");
	}

	@Test
	void readsBodyJustUnderTheLimit() {
		// under 256 KiB the body is read: the content is then too long for a message, a rule violation
		byte[] body = sendBody(LIMIT - 1024);
		RawHttp.Response response = RawHttp.exchange(this.port, post("Transfer-Encoding: chunked"),
				RawHttp.chunked(body, 8192));
		assertProblem(response, 400, "validation_failed");
	}

	@Test
	void answersUnknownApiRouteWith404Problem() {
		Problems.notFound(this.api.get(this.user, "/api/messages/conversations/x/y/z"));
		Problems.notFound(this.api.get(this.user, "/api/nothing-here"));
	}

	@Test
	void answersUnknownRouteWithoutTokenWith404Problem() {
		Problems.notFound(this.webTestClient.get().uri("/nope").exchange());
		Problems.notFound(this.webTestClient.post().uri("/nope/deeper").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange());
	}

	@Test
	void answersWrongMethodWith405Problem() {
		Problems.expect(this.api.call(HttpMethod.DELETE, this.user, "/api/messages/conversations/" + this.conversation, null), 405,
				"method_not_allowed");
		Problems.expect(this.api.put(this.user, SEND, Map.of("content", "hi")), 405, "method_not_allowed");
		Problems.expect(this.api.get(this.user, "/api/messages/group"), 405, "method_not_allowed");
		this.api.put(this.user, SEND, Map.of("content", "hi")).expectHeader().valueEquals(HttpHeaders.ALLOW, "POST");
	}

	@Test
	void answersInvalidIdWith404ProblemWithoutDriverText() {
		Problems.notFound(this.api.get(this.user, "/api/messages/conversations/not-an-object-id"));
		Problems.notFound(this.api.get(this.user, "/api/messages/conversations/%24where/messages"));
	}

	@Test
	void problemBodiesFollowTheContractShape() {
		ResponseSpec response = this.api.post(this.user, SEND, Map.of("conversation_id", this.conversation, "content", " "));
		Map<String, Object> problem = Problems.validation(response);
		assertThat((String) problem.get("type")).startsWith("https://");
		assertThat(problem.get("title")).isInstanceOf(String.class);
		assertThat(problem.get("detail")).isInstanceOf(String.class);
	}

	// ---------------------------------------------------------------- helpers

	private String post(String lengthHeader) {
		return "POST " + SEND + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\nAuthorization: Bearer "
				+ Tokens.of(this.user) + "\r\nContent-Type: application/json\r\nConnection: close\r\n" + lengthHeader;
	}

	/** A send request of exactly {@code size} bytes. */
	private byte[] sendBody(int size) {
		String head = "{\"conversation_id\":\"" + this.conversation + "\",\"content\":\"";
		String tail = "\"}";
		return (head + "a".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
	}

	private static void assertProblem(RawHttp.Response response, int status, String code) {
		assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		Map<String, Object> problem = JsonMapper.shared().readValue(response.body(), Map.class);
		assertThat(problem).containsKeys("type", "title", "status", "detail", "code");
		assertThat(problem.get("code")).isEqualTo(code);
		for (String leak : new String[] { "Exception", "java.", "org.springframework", "com.mongodb", "reactor.", "io.netty" }) {
			assertThat(response.body()).doesNotContain(leak);
		}
	}

}
