package com.pulse.messaging.user;

import java.util.List;
import java.util.Map;

import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.Problems;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.pulse.messaging.support.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/messages/blocks}: list, block (idempotent) and unblock, all the caller's own. */
class BlockTest extends IntegrationTestBase {

	private ApiClient api;

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.webTestClient, this.port);
	}

	@Test
	void blocksListsAndUnblocks() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String carol = Tokens.newUser();
		assertThat(blocked(alice)).isEmpty();
		this.api.put(alice, API + "/blocks/" + bob, null).expectStatus().isNoContent().expectBody().isEmpty();
		this.api.put(alice, API + "/blocks/" + bob, null).expectStatus().isNoContent();
		this.api.put(alice, API + "/blocks/" + carol, null).expectStatus().isNoContent();
		assertThat(blocked(alice)).containsExactly(bob, carol);
		assertThat(blocked(bob)).isEmpty();
		this.api.delete(alice, API + "/blocks/" + bob).expectStatus().isNoContent().expectBody().isEmpty();
		this.api.delete(alice, API + "/blocks/" + bob).expectStatus().isNoContent();
		assertThat(blocked(alice)).containsExactly(carol);
	}

	@Test
	void rejectsBlockingOneselfOrAnInvalidId() {
		String alice = Tokens.newUser();
		Problems.validation(this.api.put(alice, API + "/blocks/" + alice, null), "user_id");
		Problems.validation(this.api.put(alice, API + "/blocks/" + "x".repeat(65), null), "user_id");
		assertThat(blocked(alice)).isEmpty();
	}

	@SuppressWarnings("unchecked")
	private List<String> blocked(String user) {
		Map<String, Object> body = ApiClient.body(this.api.get(user, API + "/blocks"), 200);
		assertThat(body).containsOnlyKeys("user_ids");
		return (List<String>) body.get("user_ids");
	}

}
