package com.pulse.messaging.conversation;

import java.util.List;
import java.util.Map;

import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.ApiClient.Answer;
import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.Problems;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.http.HttpMethod;

import static com.pulse.messaging.support.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/messages/conversations/direct}: one conversation per pair, found or created. */
class DirectConversationTest extends IntegrationTestBase {

	private ApiClient api;

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.webTestClient, this.port);
	}

	@Test
	void createsOnceThenFindsTheSameConversationFromEitherSide() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		Map<String, Object> created = ApiClient.body(this.api.post(alice, API + "/conversations/direct", Map.of("user_id", bob)), 201);
		assertThat(created.get("type")).isEqualTo("direct");
		assertThat(ApiClient.list(created, "participants")).extracting((p) -> p.get("user_id"))
			.containsExactlyInAnyOrder(alice, bob);
		assertThat(ApiClient.list(created, "participants")).extracting((p) -> p.get("role")).containsOnly("member");
		assertThat(created.get("last_seq")).isEqualTo(0);
		assertThat(created.get("last_message")).isNull();
		assertThat(created.get("created_by")).isEqualTo(alice);

		Map<String, Object> again = ApiClient.body(this.api.post(alice, API + "/conversations/direct", Map.of("user_id", bob)), 200);
		Map<String, Object> otherSide = ApiClient.body(this.api.post(bob, API + "/conversations/direct", Map.of("user_id", alice)), 200);
		assertThat(again.get("id")).isEqualTo(created.get("id"));
		assertThat(otherSide.get("id")).isEqualTo(created.get("id"));
	}

	@Test
	void concurrentCreationsOfOnePairYieldOneConversation() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		List<Answer> answers = Flux.range(0, 10)
			.flatMap((i) -> this.api.async(HttpMethod.POST, i % 2 == 0 ? alice : bob, API + "/conversations/direct",
					Map.of("user_id", i % 2 == 0 ? bob : alice)))
			.collectList()
			.block(ApiClient.BATCH_TIMEOUT);
		assertThat(answers).extracting(Answer::status).containsOnly(200, 201);
		assertThat(answers).extracting(Answer::status).filteredOn((s) -> s == 201).hasSize(1);
		assertThat(answers).extracting((a) -> a.body().get("id")).containsOnly(answers.get(0).body().get("id"));
		Map<String, Object> list = ApiClient.body(this.api.get(alice, API + "/conversations"), 200);
		assertThat(ApiClient.list(list, "conversations")).hasSize(1);
	}

	@Test
	void rejectsADirectConversationWithOneself() {
		String alice = Tokens.newUser();
		Problems.validation(this.api.post(alice, API + "/conversations/direct", Map.of("user_id", alice)), "user_id");
	}

	@Test
	void rejectsAMissingOrMalformedUserId() {
		String alice = Tokens.newUser();
		Problems.validation(this.api.post(alice, API + "/conversations/direct", Map.of()), "user_id");
		Problems.validation(this.api.post(alice, API + "/conversations/direct", Map.of("user_id", "no spaces allowed")), "user_id");
		Problems.validation(this.api.post(alice, API + "/conversations/direct", Map.of("user_id", "x".repeat(65))), "user_id");
		Problems.badRequest(this.api.post(alice, API + "/conversations/direct", Map.of("user_id", 42)));
		Problems.badRequest(this.api.post(alice, API + "/conversations/direct", Map.of("user_id", Map.of("id", "bob"))));
		Map<String, Object> list = ApiClient.body(this.api.get(alice, API + "/conversations"), 200);
		assertThat(ApiClient.list(list, "conversations")).isEmpty();
	}

	@Test
	void showsDisplayDataFromTokenClaims() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		var conversation = this.webTestClient.post()
			.uri(API + "/conversations/direct")
			.headers((h) -> h.setBearerAuth(Tokens.withProfile(alice, "alice_" + alice, "Alice A.")))
			.bodyValue(Map.of("user_id", bob))
			.exchange();
		Map<String, Object> body = ApiClient.body(conversation, 201);
		Map<String, Object> me = ApiClient.participant(body, alice);
		assertThat(me.get("username")).isEqualTo("alice_" + alice);
		assertThat(me.get("display_name")).isEqualTo("Alice A.");
		assertThat(ApiClient.participant(body, bob)).doesNotContainKeys("username", "display_name", "avatar_url");
	}

}
