package com.pulse.messaging.user;

import java.util.List;
import java.util.Map;

import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.Problems;
import com.pulse.messaging.support.Tokens;
import com.pulse.messaging.support.WsClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.pulse.messaging.support.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

/** A blocked user cannot open a direct conversation with the blocker, by either route; nothing is created. */
class BlockedDirectTest extends IntegrationTestBase {

	private ApiClient api;

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.webTestClient, this.port);
	}

	@Test
	void blockedUserCannotOpenADirectConversationWithTheBlocker() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		this.api.put(alice, API + "/blocks/" + bob, null).expectStatus().isNoContent();
		try (WsClient aliceSocket = WsClient.connect(this.port, alice)) {
			Problems.expect(this.api.post(bob, API + "/conversations/direct", Map.of("user_id", alice)), 403, "blocked");
			aliceSocket.assertNone("conversation.updated", java.time.Duration.ofMillis(500));
		}
		assertThat(conversations(alice)).isEmpty();
		assertThat(conversations(bob)).isEmpty();
	}

	@Test
	void blockedUserCannotCreateTheConversationBySendingToTheBlocker() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		this.api.put(alice, API + "/blocks/" + bob, null).expectStatus().isNoContent();
		Problems.expect(this.api.post(bob, API, Map.of("recipient_id", alice, "content", "hi")), 403, "blocked");
		assertThat(conversations(alice)).isEmpty();
		assertThat(conversations(bob)).isEmpty();
	}

	@Test
	void theBlockerMayStillOpenTheConversation() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		this.api.put(alice, API + "/blocks/" + bob, null).expectStatus().isNoContent();
		this.api.post(alice, API + "/conversations/direct", Map.of("user_id", bob)).expectStatus().isCreated();
	}

	@Test
	void anExistingDirectConversationIsStillReturnedButSendingIntoItIsBlocked() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String id = this.api.direct(bob, alice);
		this.api.put(alice, API + "/blocks/" + bob, null).expectStatus().isNoContent();
		Map<String, Object> again = ApiClient.body(this.api.post(bob, API + "/conversations/direct", Map.of("user_id", alice)),
				200);
		assertThat(again.get("id")).isEqualTo(id);
		Problems.expect(this.api.post(bob, API, Map.of("conversation_id", id, "content", "hi")), 403, "blocked");
		Problems.expect(this.api.post(bob, API, Map.of("recipient_id", alice, "content", "hi")), 403, "blocked");
		assertThat(this.api.messages(alice, id)).isEmpty();
	}

	private List<Map<String, Object>> conversations(String user) {
		return ApiClient.list(ApiClient.body(this.api.get(user, API + "/conversations"), 200), "conversations");
	}

}
