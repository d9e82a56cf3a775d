package com.pulse.messaging.message;

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

/** {@code GET /api/messages/search}: only the caller's own conversations, newest first, paged. */
class SearchTest extends IntegrationTestBase {

	private ApiClient api;

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.webTestClient, this.port);
	}

	@Test
	void findsOnlyInTheCallersOwnConversations() {
		String word = "zebra" + Tokens.newUser().substring(2);
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String mallory = Tokens.newUser();
		String mine = this.api.direct(alice, bob);
		String theirs = this.api.direct(bob, mallory);
		this.api.send(bob, mine, "a " + word + " here");
		this.api.send(bob, theirs, "secret " + word);
		this.api.send(alice, mine, "nothing to see");
		List<Map<String, Object>> found = ApiClient.list(ApiClient.body(this.api.get(alice, API + "/search?q=" + word.toUpperCase()), 200), "messages");
		assertThat(found).extracting((m) -> m.get("conversation_id")).containsExactly(mine);
		Problems.notFound(this.api.get(alice, API + "/search?q=" + word + "&conversation_id=" + theirs));
		assertThat(ApiClient.list(ApiClient.body(this.api.get(mallory, API + "/search?q=" + word), 200), "messages"))
			.extracting((m) -> m.get("conversation_id")).containsExactly(theirs);
	}

	@Test
	void pagesNewestFirstAndSkipsDeletedMessages() {
		String word = "kiwi" + Tokens.newUser().substring(2);
		String alice = Tokens.newUser();
		String conversation = this.api.direct(alice, Tokens.newUser());
		for (int i = 1; i <= 3; i++) {
			this.api.send(alice, conversation, word + " " + i);
		}
		String deleted = (String) this.api.send(alice, conversation, word + " gone").get("id");
		ApiClient.body(this.api.delete(alice, API + "/" + deleted), 200);
		Map<String, Object> first = ApiClient.body(this.api.get(alice, API + "/search?limit=2&q=" + word), 200);
		assertThat(ApiClient.list(first, "messages")).extracting((m) -> m.get("content")).containsExactly(word + " 3", word + " 2");
		Map<String, Object> second = ApiClient.body(this.api.get(alice, API + "/search?limit=2&q=" + word + "&cursor=" + first.get("next_cursor")), 200);
		assertThat(ApiClient.list(second, "messages")).extracting((m) -> m.get("content")).containsExactly(word + " 1");
		assertThat(second).containsEntry("next_cursor", null);
	}

	@Test
	void rejectsAMissingQueryOrBadLimit() {
		String alice = Tokens.newUser();
		Problems.validation(this.api.get(alice, API + "/search"), "q");
		Problems.validation(this.api.get(alice, API + "/search?q="), "q");
		Problems.validation(this.api.get(alice, API + "/search?q=x&limit=0"), "limit");
		Problems.validation(this.api.get(alice, API + "/search?q=x&cursor=bogus"), "cursor");
	}

}
