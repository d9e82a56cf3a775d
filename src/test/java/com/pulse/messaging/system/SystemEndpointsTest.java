package com.pulse.messaging.system;

import java.util.List;
import java.util.Map;

import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.Problems;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** Health, metrics and the API document answer without a token; nothing else under {@code /actuator} exists. */
class SystemEndpointsTest extends IntegrationTestBase {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@ParameterizedTest
	@ValueSource(strings = { "/health", "/ready", "/actuator/health", "/actuator/health/liveness",
			"/actuator/health/readiness" })
	void healthEndpointsAnswerUpWithoutToken(String path) {
		assertThat(health(path).get("status")).isEqualTo("UP");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/health", "/ready", "/actuator/health", "/actuator/health/liveness",
			"/actuator/health/readiness" })
	void anonymousCallersSeeOnlyTheStatus(String path) {
		// the root also names its groups (liveness, readiness): fixed names, no component
		assertThat(anonymousHealth(path)).containsKey("status").doesNotContainKeys("components", "details");
		assertThat(anonymousHealth(path).keySet()).isSubsetOf("status", "groups");
	}

	@Test
	void aTokenWithoutTheOpsRoleSeesOnlyTheStatus() {
		for (String token : new String[] { Tokens.of(Tokens.newUser()), Tokens.withRoles(Tokens.newUser(), "moderator", "OPS") }) {
			Map<String, Object> health = this.webTestClient.get()
				.uri("/actuator/health")
				.headers((h) -> h.setBearerAuth(token))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(JSON)
				.returnResult()
				.getResponseBody();
			assertThat(health).containsKey("status").doesNotContainKeys("components", "details");
		}
	}

	@Test
	void readinessCoversMongoAndRedisButNotRabbit() {
		Map<String, Object> components = components("/actuator/health/readiness");
		assertThat(components).containsKeys("mongo", "redis").doesNotContainKey("rabbit");
		assertThat(components("/ready")).containsKeys("mongo", "redis").doesNotContainKey("rabbit");
	}

	@Test
	void healthReportsRabbitAsItsOwnComponent() {
		Map<String, Object> components = components("/actuator/health");
		assertThat(components).containsKeys("mongo", "redis", "rabbit");
		assertThat(status(components.get("rabbit"))).isEqualTo("UP");
	}

	@Test
	void livenessDependsOnNoBackend() {
		assertThat(components("/actuator/health/liveness")).doesNotContainKeys("mongo", "redis", "rabbit");
	}

	@Test
	void prometheusServesMetricsWithoutToken() {
		this.webTestClient.get().uri("/health").exchange().expectStatus().isOk();
		String body = this.webTestClient.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).contains("http_server_requests").contains("jvm_memory_used_bytes").contains("jvm_");
	}

	@Test
	void openApiDocumentIsServedWithoutToken() {
		Map<String, Object> document = apiDocs();
		assertThat(document).containsKey("openapi").containsKey("paths");
		assertThat((String) document.get("openapi")).startsWith("3.");
	}

	@Test
	@SuppressWarnings("unchecked")
	void openApiDocumentDescribesTheWireFormatAndTheBearerToken() {
		Map<String, Object> document = apiDocs();
		String text = document.toString();
		Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("schemas");
		Map<String, Object> message = (Map<String, Object>) ((Map<String, Object>) schemas.get("MessageView")).get("properties");
		assertThat(message).containsKeys("conversation_id", "sender_id", "created_at", "client_message_id")
			.doesNotContainKeys("conversationId", "senderId");
		Map<String, Object> securitySchemes = (Map<String, Object>) ((Map<String, Object>) document.get("components"))
			.get("securitySchemes");
		assertThat(securitySchemes.values()).singleElement().asString().contains("bearer");
		Map<String, Object> history = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) document.get("paths"))
			.get("/api/messages/conversations/{id}/messages")).get("get");
		assertThat((List<Map<String, Object>>) history.get("parameters")).extracting((p) -> p.get("name"))
			.containsExactlyInAnyOrder("id", "limit", "after_seq", "before_seq");
		assertThat(text).doesNotContain("AuthenticatedUser");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/env", "/actuator/heapdump", "/actuator/beans", "/actuator/configprops",
			"/actuator/threaddump", "/actuator/loggers", "/actuator/mappings", "/actuator/metrics", "/actuator/info",
			"/actuator/shutdown", "/actuator/env/JWT_SECRET", "/actuator", "/actuator/" })
	void otherActuatorEndpointsAreNotFoundWithoutToken(String path) {
		Problems.notFound(this.webTestClient.get().uri(path).exchange());
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/env", "/actuator/heapdump", "/actuator/beans", "/actuator/configprops",
			"/actuator" })
	void otherActuatorEndpointsAreNotFoundWithToken(String path) {
		Problems.notFound(this.webTestClient.get()
			.uri(path)
			.headers((h) -> h.setBearerAuth(Tokens.of(Tokens.newUser())))
			.exchange());
	}

	@Test
	void shutdownEndpointCannotBePosted() {
		int status = this.webTestClient.post().uri("/actuator/shutdown").exchange().returnResult(String.class).getStatus().value();
		assertThat(status).isIn(404, 405);
	}

	private Map<String, Object> anonymousHealth(String path) {
		return this.webTestClient.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	/** Health as operations see it: a token whose roles contain {@code ops} shows the components. */
	private Map<String, Object> health(String path) {
		return this.webTestClient.get()
			.uri(path)
			.headers((h) -> h.setBearerAuth(Tokens.withRoles(Tokens.newUser(), "ops")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> components(String path) {
		Object components = health(path).get("components");
		return (components != null) ? (Map<String, Object>) components : Map.of();
	}

	@SuppressWarnings("unchecked")
	private static Object status(Object component) {
		return ((Map<String, Object>) component).get("status");
	}

	private Map<String, Object> apiDocs() {
		return this.webTestClient.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

}
