package com.pulse.messaging.message;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.Problems;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static com.pulse.messaging.support.ApiClient.API;
import static com.pulse.messaging.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Rejected sends answer 400/413/415 problem details and store nothing (the history is checked after each test). */
class SendValidationTest extends IntegrationTestBase {

	private ApiClient api;

	private String alice;

	private String bob;

	private String conversation;

	private List<String> before;

	private Object lastSeqBefore;

	private int conversationCount = 1;

	@BeforeEach
	void seeded() {
		this.api = new ApiClient(this.webTestClient, this.port);
		this.alice = Tokens.newUser();
		this.bob = Tokens.newUser();
		this.conversation = this.api.direct(this.alice, this.bob);
		this.api.send(this.alice, this.conversation, "seed");
		this.before = this.api.messageIds(this.alice, this.conversation);
		this.lastSeqBefore = this.api.conversation(this.alice, this.conversation).get("last_seq");
	}

	@AfterEach
	void nothingStored() {
		assertThat(this.api.messageIds(this.alice, this.conversation)).isEqualTo(this.before);
		assertThat(this.api.conversation(this.alice, this.conversation).get("last_seq")).isEqualTo(this.lastSeqBefore);
		assertThat(ApiClient.list(ApiClient.body(this.api.get(this.alice, API + "/conversations"), 200), "conversations"))
			.hasSize(this.conversationCount);
	}

	@Test
	void rejectsEmptyWhitespaceMissingOrOverlongContent() {
		Problems.validation(send(json("content", "")), "content");
		Problems.validation(send(json("content", " \n\t ")), "content");
		Problems.validation(send(json()), "content");
		Problems.validation(send(json("content", "x".repeat(10_001))), "content");
		Problems.validation(send(json("content", null)), "content");
	}

	@Test
	void acceptsContentOfExactlyTenThousandCharactersAfterTrimming() {
		Map<String, Object> sent = this.api.send(this.alice,
				json("conversation_id", this.conversation, "content", "  " + "é".repeat(10_000) + "  "));
		this.before = this.api.messageIds(this.alice, this.conversation);
		this.lastSeqBefore = sent.get("seq");
	}

	@Test
	void rejectsBothOrNeitherOfConversationAndRecipient() {
		Problems.validation(this.api.post(this.alice, API, json("conversation_id", this.conversation, "recipient_id", this.bob, "content", "x")));
		Problems.validation(this.api.post(this.alice, API, json("content", "x")));
		Problems.validation(this.api.post(this.alice, API, json("recipient_id", "not valid!", "content", "x")), "recipient_id");
	}

	@Test
	void rejectsAnUnknownType() {
		Problems.validation(send(json("content", "x", "type", "video")), "type");
	}

	@Test
	void rejectsMoreThanTenAttachmentsAndNonHttpUrls() {
		Map<String, Object> ok = json("url", "https://cdn.example.com/a.png");
		Problems.validation(send(json("content", "x", "attachments", Collections.nCopies(11, ok))), "attachments");
		Problems.validation(send(json("content", "x", "attachments", List.of(json("url", "ftp://cdn.example.com/a.png")))), "attachments[0].url");
		Problems.validation(send(json("content", "x", "attachments", List.of(json("url", "javascript:alert(1)")))), "attachments[0].url");
		Problems.validation(send(json("content", "x", "attachments", List.of(json("name", "no url")))), "attachments[0].url");
	}

	@Test
	void rejectsAReplyToFromAnotherConversation() {
		String elsewhere = this.api.direct(this.alice, Tokens.newUser());
		String foreign = (String) this.api.send(this.alice, elsewhere, "elsewhere").get("id");
		Problems.validation(send(json("content", "x", "reply_to", foreign)), "reply_to");
		Problems.validation(send(json("content", "x", "reply_to", "not-an-id")), "reply_to");
		Problems.validation(send(json("content", "x", "reply_to", "650000000000000000000000")), "reply_to");
		this.conversationCount = 2;
	}

	@Test
	void rejectsWrongJsonTypes() {
		Problems.badRequest(send(json("content", 123)));
		Problems.badRequest(send(json("content", Map.of("text", "x"))));
		Problems.badRequest(send(json("content", List.of("x"))));
		Problems.badRequest(send(json("content", true)));
		Problems.badRequest(send(json("content", "x", "attachments", "https://cdn.example.com/a.png")));
		Problems.badRequest(send(json("content", "x", "mentions", "bob")));
		Problems.badRequest(send(json("content", "x", "client_message_id", 5)));
		Problems.badRequest(this.api.post(this.alice, API, json("conversation_id", 1, "content", "x")));
	}

	@Test
	void rejectsMalformedOrMissingBodies() {
		Problems.malformed(this.api.post(this.alice, API, "{\"conversation_id\": \"" + this.conversation + "\", \"content\": "));
		Problems.malformed(this.api.post(this.alice, API, "not json"));
		Problems.malformed(this.api.post(this.alice, API, ""));
		Problems.malformed(this.api.post(this.alice, API, null));
		Problems.badRequest(this.api.post(this.alice, API, "[]"));
		Problems.badRequest(this.api.post(this.alice, API, "\"text\""));
	}

	@Test
	void rejectsANonJsonContentType() {
		var response = this.webTestClient.post()
			.uri(API)
			.headers((h) -> h.setBearerAuth(Tokens.of(this.alice)))
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("{\"conversation_id\":\"" + this.conversation + "\",\"content\":\"x\"}")
			.exchange();
		Problems.expect(response, 415, "unsupported_media_type");
		for (String jsonLike : List.of("application/x-ndjson", "application/vnd.pulse+json", "application/merge-patch+json")) {
			var other = this.webTestClient.post()
				.uri(API)
				.headers((h) -> h.setBearerAuth(Tokens.of(this.alice)))
				.contentType(MediaType.parseMediaType(jsonLike))
				.bodyValue("{\"conversation_id\":\"" + this.conversation + "\",\"content\":\"x\"}")
				.exchange();
			Problems.expect(other, 415, "unsupported_media_type");
		}
	}

	@Test
	void rejectsASendToOneselfNamingTheRecipientField() {
		Map<String, Object> problem = Problems.validation(
				this.api.post(this.alice, API, json("recipient_id", this.alice, "content", "note to self")), "recipient_id");
		assertThat(problem.get("errors").toString()).contains("another user");
	}

	@Test
	void rejectsABodyOverTheLimit() {
		Problems.expect(send(json("content", "x".repeat(256 * 1024 + 10))), 413, "payload_too_large");
		String padded = "{\"conversation_id\":\"" + this.conversation + "\",\"content\":\"x\",\"pad\":\"" + " ".repeat(300_000) + "\"}";
		Problems.expect(this.api.post(this.alice, API, padded), 413, "payload_too_large");
	}

	@Test
	void rejectsAnInvalidClientMessageId() {
		Problems.validation(send(json("content", "x", "client_message_id", "")), "client_message_id");
		Problems.validation(send(json("content", "x", "client_message_id", "c".repeat(129))), "client_message_id");
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec send(Map<String, Object> body) {
		body.put("conversation_id", this.conversation);
		return this.api.post(this.alice, API, body);
	}

}
