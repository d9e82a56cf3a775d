package com.pulse.messaging.system;

import java.util.Map;

import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

import static org.assertj.core.api.Assertions.assertThat;

/** Every {@code /api/**} answer, errors of every stage included, carries nosniff and no-store. */
class ApiHeadersTest extends IntegrationTestBase {

	@Test
	void successCarriesNoSniffAndNoStore() {
		assertHeaders(this.webTestClient.get().uri(ApiClient.API + "/conversations")
			.headers((h) -> h.setBearerAuth(Tokens.of(Tokens.newUser()))).exchange(), 200);
	}

	@Test
	void unauthorizedCarriesNoSniffAndNoStore() {
		assertHeaders(this.webTestClient.get().uri(ApiClient.API + "/conversations").exchange(), 401);
	}

	@Test
	void notFoundCarriesNoSniffAndNoStore() {
		assertHeaders(this.webTestClient.get().uri(ApiClient.API + "/conversations/nope")
			.headers((h) -> h.setBearerAuth(Tokens.of(Tokens.newUser()))).exchange(), 404);
	}

	@Test
	void refusalsBeforeAuthenticationCarryNoSniffAndNoStore() {
		// 415 and 413 are decided before the token is looked at
		assertHeaders(this.webTestClient.post().uri(ApiClient.API).contentType(MediaType.TEXT_PLAIN).bodyValue("hi").exchange(),
				415);
		assertHeaders(this.webTestClient.post().uri(ApiClient.API).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("content", "x".repeat(300_000))).exchange(), 413);
	}

	private static void assertHeaders(ResponseSpec response, int status) {
		response.expectStatus().isEqualTo(status).expectHeader().value("X-Content-Type-Options",
				(value) -> assertThat(value).isEqualTo("nosniff"))
			.expectHeader().value(HttpHeaders.CACHE_CONTROL, (value) -> assertThat(value).contains("no-store"));
	}

}
