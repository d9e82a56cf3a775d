package com.pulse.messaging.conversation;

import java.util.ArrayList;
import java.util.Base64;
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

/** {@code GET /api/messages/conversations} and {@code GET …/conversations/{id}}. */
class ConversationListTest extends IntegrationTestBase {

	private ApiClient api;

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.webTestClient, this.port);
	}

	@Test
	void listsMostRecentActivityFirstWithLastMessageAndOwnUnreadCount() {
		String me = Tokens.newUser();
		String bob = Tokens.newUser();
		String carol = Tokens.newUser();
		String withBob = this.api.direct(me, bob);
		String withCarol = this.api.direct(me, carol);
		this.api.send(carol, withCarol, "from carol");
		this.api.send(bob, withBob, "from bob 1");
		this.api.send(bob, withBob, "from bob 2");
		this.api.send(me, withBob, "mine");

		List<Map<String, Object>> list = ApiClient.list(ApiClient.body(this.api.get(me, API + "/conversations"), 200), "conversations");
		assertThat(list).extracting((c) -> c.get("id")).containsExactly(withBob, withCarol);
		Map<String, Object> first = list.get(0);
		assertThat(ApiClient.map(first.get("last_message")).get("content")).isEqualTo("mine");
		assertThat(first.get("last_seq")).isEqualTo(3);
		assertThat(first.get("unread_count")).as("own send moved the watermark").isEqualTo(0);
		assertThat(list.get(1).get("unread_count")).isEqualTo(1);
		assertThat(ApiClient.map(list.get(1).get("last_message")).get("content")).isEqualTo("from carol");

		this.api.send(carol, withCarol, "again");
		List<Map<String, Object>> after = ApiClient.list(ApiClient.body(this.api.get(me, API + "/conversations"), 200), "conversations");
		assertThat(after).extracting((c) -> c.get("id")).containsExactly(withCarol, withBob);
	}

	@Test
	void pagesWithACursorUntilNextCursorIsNull() {
		String me = Tokens.newUser();
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			created.add(0, this.api.direct(me, Tokens.newUser()));
		}
		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Map<String, Object> page = ApiClient.body(this.api.get(me,
					API + "/conversations?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)), 200);
			assertThat(page).containsKey("next_cursor");
			ApiClient.list(page, "conversations").forEach((c) -> seen.add((String) c.get("id")));
			cursor = (String) page.get("next_cursor");
			pages++;
		}
		while (cursor != null && pages < 10);
		assertThat(pages).isEqualTo(3);
		assertThat(seen).containsExactlyElementsOf(created);
	}

	@Test
	void exactlyFullLastPageHasANullCursor() {
		String me = Tokens.newUser();
		this.api.direct(me, Tokens.newUser());
		this.api.direct(me, Tokens.newUser());
		Map<String, Object> page = ApiClient.body(this.api.get(me, API + "/conversations?limit=2"), 200);
		assertThat(ApiClient.list(page, "conversations")).hasSize(2);
		assertThat(page).containsEntry("next_cursor", null);
	}

	@Test
	void rejectsACursorTheServiceDidNotIssue() {
		String me = Tokens.newUser();
		String forged = Base64.getUrlEncoder().withoutPadding().encodeToString("c2:0:abc".getBytes());
		for (String cursor : List.of("garbage", forged, "!!!", "YWJj")) {
			Problems.validation(this.api.get(me, API + "/conversations?cursor=" + cursor), "cursor");
		}
	}

	@Test
	void rejectsALimitOutOfRangeOrNotANumber() {
		String me = Tokens.newUser();
		for (String limit : List.of("0", "101", "abc", "-1", "1.5")) {
			Problems.validation(this.api.get(me, API + "/conversations?limit=" + limit), "limit");
		}
		ApiClient.body(this.api.get(me, API + "/conversations?limit=1"), 200);
		ApiClient.body(this.api.get(me, API + "/conversations?limit=100"), 200);
	}

	@Test
	void getsOneConversationWithTheCallersState() {
		String me = Tokens.newUser();
		String bob = Tokens.newUser();
		String id = this.api.direct(me, bob);
		this.api.send(bob, id, "hi");
		Map<String, Object> mine = this.api.conversation(me, id);
		Map<String, Object> his = this.api.conversation(bob, id);
		assertThat(mine.get("unread_count")).isEqualTo(1);
		assertThat(his.get("unread_count")).isEqualTo(0);
		assertThat(mine).containsKeys("id", "type", "name", "avatar_url", "created_by", "created_at", "updated_at",
				"participants", "last_seq", "last_message", "unread_count", "muted_until");
		assertThat(ApiClient.participant(mine, bob).get("last_read_seq")).isEqualTo(1);
		assertThat(ApiClient.participant(mine, me).get("last_read_seq")).isEqualTo(0);
	}

}
