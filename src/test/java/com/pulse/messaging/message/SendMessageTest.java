package com.pulse.messaging.message;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.Problems;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.pulse.messaging.support.ApiClient.API;
import static com.pulse.messaging.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/messages}: what is stored and answered, on the wire. */
class SendMessageTest extends IntegrationTestBase {

	private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

	private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

	private ApiClient api;

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.webTestClient, this.port);
	}

	@Test
	void sendsToAConversationWithServerAssignedFields() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = this.api.direct(alice, bob);
		Map<String, Object> sent = this.api.send(alice, json("conversation_id", conversation, "content", "hello",
				"id", "forged", "seq", 99, "sender_id", bob, "created_at", "2000-01-01T00:00:00.000Z", "deleted", true,
				"unknown_field", "ignored"));
		assertThat(sent.get("id")).isNotEqualTo("forged");
		assertThat(sent).containsEntry("conversation_id", conversation)
			.containsEntry("seq", 1)
			.containsEntry("sender_id", alice)
			.containsEntry("type", "text")
			.containsEntry("content", "hello")
			.containsEntry("deleted", false)
			.containsEntry("edited_at", null)
			.containsEntry("reply_to", null)
			.containsEntry("attachments", List.of())
			.containsEntry("reactions", List.of())
			.containsEntry("mentions", List.of());
		assertThat((String) sent.get("created_at")).matches(TIMESTAMP).isNotEqualTo("2000-01-01T00:00:00.000Z");
		assertThat(this.api.messages(bob, conversation)).singleElement().isEqualTo(sent);
	}

	@Test
	void sendsByRecipientCreatingThenReusingTheDirectConversation() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		Map<String, Object> first = this.api.send(alice, json("recipient_id", bob, "content", "first"));
		Map<String, Object> second = this.api.send(alice, json("recipient_id", bob, "content", "second"));
		assertThat(second.get("conversation_id")).isEqualTo(first.get("conversation_id"));
		assertThat(ApiClient.number(second.get("seq"))).isGreaterThan(ApiClient.number(first.get("seq")));
		assertThat(this.api.direct(bob, alice)).isEqualTo(first.get("conversation_id"));
	}

	@Test
	void storesAttachmentsMentionsRepliesAndTypes() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = this.api.direct(alice, bob);
		String original = (String) this.api.send(bob, conversation, "question").get("id");
		Map<String, Object> attachment = json("url", "https://cdn.example.com/a.png", "mime_type", "image/png", "size", 1234,
				"name", "a.png", "width", 640, "height", 480);
		Map<String, Object> sent = this.api.send(alice, json("conversation_id", conversation, "type", "image", "content", "",
				"attachments", List.of(attachment), "mentions", List.of(bob, bob), "reply_to", original,
				"client_message_id", "cm-1"));
		assertThat(sent).containsEntry("type", "image")
			.containsEntry("reply_to", original)
			.containsEntry("mentions", List.of(bob))
			.containsEntry("client_message_id", "cm-1")
			.containsEntry("attachments", List.of(attachment));
	}

	@Test
	void anAttachmentOnlyMessageHasEmptyContentNotTheTombstonesNull() {
		String alice = Tokens.newUser();
		String conversation = this.api.direct(alice, Tokens.newUser());
		Map<String, Object> sent = this.api.send(alice, json("conversation_id", conversation, "type", "file",
				"attachments", List.of(json("url", "https://cdn.example.com/report.pdf"))));
		assertThat(sent).containsEntry("content", "").containsEntry("deleted", false);
	}

	@Test
	void givesStrictlyIncreasingSeqWithinAConversation() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = this.api.direct(alice, bob);
		long previous = 0;
		for (int i = 0; i < 5; i++) {
			long seq = ApiClient.number(this.api.send(i % 2 == 0 ? alice : bob, conversation, "m" + i).get("seq"));
			assertThat(seq).isGreaterThan(previous);
			previous = seq;
		}
		assertThat(this.api.conversation(alice, conversation).get("last_seq")).isEqualTo((int) previous);
	}

	@Test
	void answersInSnakeCaseWithMillisecondTimestamps() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String group = this.api.groupId(alice, bob);
		this.api.send(alice, group, "hi");
		ApiClient.body(this.api.put(bob, API + "/conversations/" + group + "/mute", json("until", "2099-01-01T00:00:00Z")), 200);
		checkWire(this.api.conversation(bob, group));
		checkWire(ApiClient.body(this.api.get(bob, API + "/conversations"), 200));
		checkWire(this.api.history(bob, group, ""));
	}

	@Test
	void blockedUserCannotSendToTheBlockerInADirectConversation() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = this.api.direct(alice, bob);
		this.api.send(bob, conversation, "before");
		this.api.put(alice, API + "/blocks/" + bob, null).expectStatus().isNoContent();
		Problems.expect(this.api.post(bob, API, json("conversation_id", conversation, "content", "let me in")), 403, "blocked");
		Problems.expect(this.api.post(bob, API, json("recipient_id", alice, "content", "let me in")), 403, "blocked");
		this.api.send(alice, conversation, "the blocker may still write");
		assertThat(this.api.messages(alice, conversation)).extracting((m) -> m.get("content"))
			.containsExactly("before", "the blocker may still write");
		String group = this.api.groupId(alice, bob);
		this.api.send(bob, group, "groups are not affected");
		this.api.delete(alice, API + "/blocks/" + bob).expectStatus().isNoContent();
		this.api.send(bob, conversation, "unblocked");
	}

	@Test
	void blockedSendByRecipientCreatesNoConversation() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		this.api.put(alice, API + "/blocks/" + bob, null).expectStatus().isNoContent();
		Problems.expect(this.api.post(bob, API, json("recipient_id", alice, "content", "hello?")), 403, "blocked");
		assertThat(ApiClient.list(ApiClient.body(this.api.get(alice, API + "/conversations"), 200), "conversations")).isEmpty();
	}

	@SuppressWarnings("unchecked")
	private static void checkWire(Object value) {
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, field) -> {
				String name = (String) key;
				assertThat(name).matches(SNAKE);
				if ((name.endsWith("_at") || name.endsWith("_until")) && field != null) {
					assertThat((String) field).as(name).matches(TIMESTAMP);
				}
				if (!name.equals("conversations") || field instanceof List) {
					checkWire(field);
				}
			});
		}
		else if (value instanceof List<?> list) {
			list.forEach(SendMessageTest::checkWire);
		}
	}

}
