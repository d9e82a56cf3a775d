package com.pulse.messaging.message;

import java.util.List;
import java.util.Map;

import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.DirectPairTestBase;
import com.pulse.messaging.support.Problems;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.Test;

import static com.pulse.messaging.support.ApiClient.API;
import static com.pulse.messaging.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Edit (sender only), delete (sender or group admin) and reactions (idempotent). */
class MessageChangesTest extends DirectPairTestBase {

	@Test
	void senderEditsContentAndEditedAtIsSet() {
		String id = sent(this.alice, "draft");
		Map<String, Object> edited = ApiClient.body(this.api.patch(this.alice, API + "/" + id, json("content", "final")), 200);
		assertThat(edited).containsEntry("id", id).containsEntry("content", "final").containsEntry("seq", 1);
		assertThat(edited.get("edited_at")).isNotNull();
		assertThat(this.api.messages(this.bob, this.conversation)).singleElement().isEqualTo(edited);
	}

	@Test
	void rejectsAnEditByAnyoneButTheSender() {
		String id = sent(this.alice, "mine");
		Problems.forbidden(this.api.patch(this.bob, API + "/" + id, json("content", "yours")));
		String group = this.api.groupId(this.bob, this.alice);
		String inGroup = sent(this.alice, group, "in a group");
		Problems.forbidden(this.api.patch(this.bob, API + "/" + inGroup, json("content", "admins cannot edit")));
		assertThat(this.api.messages(this.bob, this.conversation)).extracting((m) -> m.get("content")).containsExactly("mine");
	}

	@Test
	void rejectsAnInvalidEdit() {
		String id = sent(this.alice, "mine");
		Problems.validation(this.api.patch(this.alice, API + "/" + id, json("content", "  ")), "content");
		Problems.validation(this.api.patch(this.alice, API + "/" + id, json()), "content");
		Problems.badRequest(this.api.patch(this.alice, API + "/" + id, json("content", 1)));
	}

	@Test
	void senderDeletesIntoATombstone() {
		Map<String, Object> attachment = json("url", "https://cdn.example.com/a.png");
		Map<String, Object> original = this.api.send(this.alice,
				json("conversation_id", this.conversation, "content", "oops", "attachments", List.of(attachment)));
		String id = (String) original.get("id");
		ApiClient.body(this.api.put(this.bob, API + "/" + id + "/reactions/👍", null), 200);
		Map<String, Object> tombstone = ApiClient.body(this.api.delete(this.alice, API + "/" + id), 200);
		assertTombstone(tombstone, original);
		assertTombstone(this.api.messages(this.bob, this.conversation).get(0), original);
		assertTombstone(ApiClient.body(this.api.delete(this.alice, API + "/" + id), 200), original);
		Problems.expect(this.api.patch(this.alice, API + "/" + id, json("content", "back")), 409, "conflict");
	}

	@Test
	void rejectsADeleteByTheOtherSideOfADirectConversation() {
		String id = sent(this.alice, "mine");
		Problems.forbidden(this.api.delete(this.bob, API + "/" + id));
		assertThat(this.api.messages(this.bob, this.conversation).get(0).get("deleted")).isEqualTo(false);
	}

	@Test
	void groupAdminDeletesAnyMessageButMembersCannot() {
		String carol = Tokens.newUser();
		String group = this.api.groupId(this.alice, this.bob, carol);
		String byBob = sent(this.bob, group, "from bob");
		String byAlice = sent(this.alice, group, "from the admin");
		Problems.forbidden(this.api.delete(carol, API + "/" + byBob));
		Problems.forbidden(this.api.delete(this.bob, API + "/" + byAlice));
		assertThat(ApiClient.body(this.api.delete(this.alice, API + "/" + byBob), 200).get("deleted")).isEqualTo(true);
	}

	@Test
	void reactionsAreIdempotentAndCounted() {
		String id = sent(this.alice, "react to me");
		String path = API + "/" + id + "/reactions/👍";
		ApiClient.body(this.api.put(this.bob, path, null), 200);
		Map<String, Object> twice = ApiClient.body(this.api.put(this.bob, path, null), 200);
		assertThat(ApiClient.list(twice, "reactions")).containsExactly(json("emoji", "👍", "count", 1, "user_ids", List.of(this.bob)));
		Map<String, Object> both = ApiClient.body(this.api.put(this.alice, path, null), 200);
		assertThat(ApiClient.list(both, "reactions")).containsExactly(
				json("emoji", "👍", "count", 2, "user_ids", List.of(this.bob, this.alice)));
		Map<String, Object> heart = ApiClient.body(this.api.put(this.alice, API + "/" + id + "/reactions/❤️", null), 200);
		assertThat(ApiClient.list(heart, "reactions")).extracting((r) -> r.get("emoji")).containsExactlyInAnyOrder("👍", "❤️");
		ApiClient.body(this.api.delete(this.bob, path), 200);
		Map<String, Object> removed = ApiClient.body(this.api.delete(this.bob, path), 200);
		assertThat(ApiClient.list(removed, "reactions")).containsExactlyInAnyOrder(
				json("emoji", "👍", "count", 1, "user_ids", List.of(this.alice)),
				json("emoji", "❤️", "count", 1, "user_ids", List.of(this.alice)));
		assertThat(this.api.messages(this.bob, this.conversation).get(0).get("reactions")).isEqualTo(removed.get("reactions"));
	}

	@Test
	void rejectsAnOverlongEmoji() {
		String id = sent(this.alice, "x");
		Problems.validation(this.api.put(this.bob, API + "/" + id + "/reactions/" + "a".repeat(65), null), "emoji");
	}

	private String sent(String user, String content) {
		return sent(user, this.conversation, content);
	}

	private String sent(String user, String conversationId, String content) {
		return (String) this.api.send(user, conversationId, content).get("id");
	}

	private static void assertTombstone(Map<String, Object> tombstone, Map<String, Object> original) {
		assertThat(tombstone).containsEntry("deleted", true)
			.containsEntry("content", null)
			.containsEntry("attachments", List.of())
			.containsEntry("reactions", List.of());
		for (String kept : List.of("id", "seq", "sender_id", "created_at", "conversation_id")) {
			assertThat(tombstone.get(kept)).as(kept).isEqualTo(original.get(kept));
		}
	}

}
