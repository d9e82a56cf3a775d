package com.pulse.messaging.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.LowLimits;
import com.pulse.messaging.support.Problems;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

import static com.pulse.messaging.support.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * REST rate limits per user (low ones, see {@link LowLimits}): 429 {@code rate_limited} with the rate-limit
 * headers past a budget, nothing stored; sends and other calls have separate budgets; CORS for the allowed
 * web origin, preflight without a token.
 */
@LowLimits
class RestRateLimitTest extends IntegrationTestBase {

	private ApiClient api;

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.webTestClient, this.port);
	}

	@Test
	void sendsPastTheBudgetAre429WithRateLimitHeadersAndStoreNothing() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = this.api.direct(bob, alice);
		List<Integer> statuses = new ArrayList<>();
		EntityExchangeResult<byte[]> refused = null;
		for (int i = 0; i < 10 && refused == null; i++) {
			EntityExchangeResult<byte[]> result = this.api.post(alice, API, Map.of("conversation_id", conversation,
					"content", "m" + i)).expectBody().returnResult();
			statuses.add(result.getStatus().value());
			if (result.getStatus().value() == 201) {
				assertThat(result.getResponseHeaders().getFirst("RateLimit-Limit")).isEqualTo("3");
				assertThat(Long.parseLong(result.getResponseHeaders().getFirst("RateLimit-Remaining"))).isBetween(0L, 2L);
			}
			else {
				refused = result;
			}
		}
		assertThat(refused).as("a send past the burst of 3 is refused: %s", statuses).isNotNull();
		assertThat(refused.getStatus().value()).isEqualTo(429);
		assertThat(new String(refused.getResponseBody())).contains("\"code\":\"rate_limited\"");
		HttpHeaders headers = refused.getResponseHeaders();
		assertThat(Long.parseLong(headers.getFirst(HttpHeaders.RETRY_AFTER))).isPositive();
		assertThat(headers.getFirst("RateLimit-Limit")).isEqualTo("3");
		assertThat(headers.getFirst("RateLimit-Remaining")).isEqualTo("0");
		assertThat(Long.parseLong(headers.getFirst("RateLimit-Reset"))).isPositive();
		assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
		long stored = statuses.stream().filter((s) -> s == 201).count();
		// read by bob, whose own budget is untouched
		assertThat(this.api.messages(bob, conversation)).hasSize((int) stored);
		// sends and the other calls have separate budgets: alice may still read
		this.api.get(alice, API + "/conversations").expectStatus().isOk();
	}

	@Test
	void aCountedCallRunsItsHandlerOnce() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = this.api.direct(bob, alice);
		this.api.post(alice, API, Map.of("conversation_id", conversation, "content", "once"))
			.expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("RateLimit-Remaining", "2");
		assertThat(this.api.messages(bob, conversation)).hasSize(1);
	}

	@Test
	void otherCallsPastTheirBudgetAre429() {
		String alice = Tokens.newUser();
		ResponseSpec last = null;
		for (int i = 0; i < 20; i++) {
			last = this.api.get(alice, API + "/conversations");
			if (last.returnResult(byte[].class).getStatus().value() == 429) {
				break;
			}
		}
		Map<String, Object> problem = Problems.expect(this.api.get(alice, API + "/unread"), 429, "rate_limited");
		assertThat(problem).containsEntry("status", 429);
		// another user has a budget of their own
		this.api.get(Tokens.newUser(), API + "/conversations").expectStatus().isOk();
	}

	@Test
	void preflightFromAnAllowedOriginIsAnsweredWithoutAToken() {
		this.webTestClient.options()
			.uri(API)
			.header(HttpHeaders.ORIGIN, LowLimits.ORIGIN)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, LowLimits.ORIGIN);
	}

	@Test
	void preflightFromAnotherOriginIsRefused() {
		this.webTestClient.options()
			.uri(API)
			.header(HttpHeaders.ORIGIN, "https://evil.example")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
	}

	@Test
	void callFromAnAllowedOriginCarriesTheCorsHeader() {
		this.webTestClient.method(HttpMethod.GET)
			.uri(API + "/conversations")
			.header(HttpHeaders.ORIGIN, LowLimits.ORIGIN)
			.headers((h) -> h.setBearerAuth(Tokens.of(Tokens.newUser())))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, LowLimits.ORIGIN);
	}

}
