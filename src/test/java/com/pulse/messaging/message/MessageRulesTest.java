package com.pulse.messaging.message;

import java.util.Collections;
import java.util.List;

import com.pulse.messaging.system.ApiException;
import com.pulse.messaging.system.ApiException.FieldError;
import com.pulse.messaging.system.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link MessageRules}: every rule of a send, checked before anything is stored. */
class MessageRulesTest {

	private static final String CONVERSATION = "650000000000000000000001";

	private static final Attachment IMAGE = new Attachment("https://cdn.example.com/a.png", "image/png", 10L, "a.png", 1, 1);

	@Test
	void acceptsAPlainTextSend() {
		assertThatCode(() -> MessageRules.validate("sender", send("hi", null, List.of()))).doesNotThrowAnyException();
	}

	@Test
	void acceptsEmptyContentWithAnAttachment() {
		assertThatCode(() -> MessageRules.validate("sender", send("", "image", List.of(IMAGE)))).doesNotThrowAnyException();
		assertThatCode(() -> MessageRules.validate("sender", send(null, "file", List.of(IMAGE)))).doesNotThrowAnyException();
	}

	@Test
	void countsContentInCharactersAfterTrimming() {
		assertThatCode(() -> MessageRules.validate("sender", send(" " + "😀".repeat(10_000) + " ", null, List.of())))
			.doesNotThrowAnyException();
		assertFields(send("😀".repeat(10_001), null, List.of()), "content");
		assertFields(send("   ", null, List.of()), "content");
	}

	@Test
	void requiresExactlyOneTarget() {
		assertFields(new SendMessage(null, null, "x", null, null, null, null, null), "conversation_id");
		assertFields(new SendMessage(CONVERSATION, "bob", "x", null, null, null, null, null), "recipient_id");
		assertFields(new SendMessage(null, "bad id!", "x", null, null, null, null, null), "recipient_id");
	}

	@Test
	void reportsEveryBrokenRuleAtOnce() {
		SendMessage bad = new SendMessage(CONVERSATION, null, "", "video", "", "nope",
				List.of(new Attachment("ftp://x", "png", -1L, null, -1, null)), List.of("bad id!"));
		assertFields(bad, "type", "attachments[0].url", "attachments[0].mime_type", "attachments[0].size",
				"attachments[0].width", "mentions[0]", "client_message_id", "reply_to");
	}

	@Test
	void limitsAttachmentsToTen() {
		assertThatCode(() -> MessageRules.validate("sender", send("x", null, Collections.nCopies(10, IMAGE)))).doesNotThrowAnyException();
		assertFields(send("x", null, Collections.nCopies(11, IMAGE)), "attachments");
	}

	@Test
	void treatsAMalformedConversationIdAsNotFound() {
		SendMessage send = new SendMessage("nope", null, "x", null, null, null, null, null);
		assertThatThrownBy(() -> MessageRules.validate("sender", send)).isInstanceOfSatisfying(ApiException.class,
				(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.NOT_FOUND));
	}

	@Test
	void validatesEmoji() {
		assertThatCode(() -> MessageRules.validateEmoji("👍🏽")).doesNotThrowAnyException();
		for (String bad : new String[] { "", " ", "a b", "x".repeat(65) }) {
			assertThatThrownBy(() -> MessageRules.validateEmoji(bad)).as(bad).isInstanceOf(ApiException.class);
		}
	}

	private static SendMessage send(String content, String type, List<Attachment> attachments) {
		return new SendMessage(CONVERSATION, null, content, type, null, null, attachments, null);
	}

	private static void assertFields(SendMessage send, String... fields) {
		assertThatThrownBy(() -> MessageRules.validate("sender", send)).isInstanceOfSatisfying(ApiException.class, (ex) -> {
			assertThat(ex.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
			assertThat(ex.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(fields);
		});
	}

}
