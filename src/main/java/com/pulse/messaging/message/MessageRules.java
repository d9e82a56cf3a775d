package com.pulse.messaging.message;

import java.util.List;
import java.util.Set;

import com.pulse.messaging.conversation.ConversationService;
import com.pulse.messaging.system.ApiException;
import com.pulse.messaging.system.Validator;

import org.bson.types.ObjectId;

/** The rules a message must follow, checked before anything is stored. */
final class MessageRules {

	static final int CONTENT_MAX = 10_000;

	static final int ATTACHMENTS_MAX = 10;

	static final int MENTIONS_MAX = 100;

	static final int CLIENT_ID_MAX = 128;

	static final int EMOJI_MAX = 64;

	private static final Set<String> TYPES = Set.of("text", "image", "file", "system");

	private MessageRules() {
	}

	/** A live message always has content, empty when it carries attachments only: null means deleted. */
	static String contentOf(SendMessage m) {
		return (m.content() != null) ? m.content() : "";
	}

	static void validate(String senderId, SendMessage m) {
		Validator v = Validator.create();
		boolean toConversation = m.conversationId() != null;
		boolean toUser = m.recipientId() != null;
		v.check(toConversation != toUser, toConversation ? "recipient_id" : "conversation_id",
				"exactly one of conversation_id and recipient_id is required");
		if (toUser && !toConversation) {
			v.userId(m.recipientId(), "recipient_id");
			v.check(!m.recipientId().equals(senderId), "recipient_id", "must be another user");
		}
		v.check(m.type() == null || TYPES.contains(m.type()), "type", "must be one of text, image, file, system");
		List<Attachment> attachments = m.attachments() == null ? List.of() : m.attachments();
		v.check(attachments.size() <= ATTACHMENTS_MAX, "attachments", "at most " + ATTACHMENTS_MAX + " attachments");
		for (int i = 0; i < attachments.size() && i < ATTACHMENTS_MAX; i++) {
			attachment(v, attachments.get(i), "attachments[" + i + "]");
		}
		content(v, m.content(), !attachments.isEmpty());
		List<String> mentions = m.mentions() == null ? List.of() : m.mentions();
		v.check(mentions.size() <= MENTIONS_MAX, "mentions", "at most " + MENTIONS_MAX + " mentions");
		for (int i = 0; i < mentions.size() && i < MENTIONS_MAX; i++) {
			v.userId(mentions.get(i), "mentions[" + i + "]");
		}
		if (m.clientMessageId() != null) {
			v.check(!m.clientMessageId().isBlank() && m.clientMessageId().length() <= CLIENT_ID_MAX, "client_message_id",
					"must be 1-" + CLIENT_ID_MAX + " characters");
		}
		if (m.replyTo() != null) {
			v.check(ObjectId.isValid(m.replyTo()), "reply_to", "must be a message of this conversation");
		}
		v.throwIfInvalid();
		if (toConversation && !ObjectId.isValid(m.conversationId())) {
			throw ApiException.notFound("Conversation");
		}
	}

	static void validateEdit(String content) {
		Validator v = Validator.create();
		content(v, content, false);
		v.throwIfInvalid();
	}

	static void validateEmoji(String emoji) {
		Validator.create()
			.check(emoji != null && !emoji.isBlank() && emoji.codePointCount(0, emoji.length()) <= EMOJI_MAX
					&& emoji.chars().noneMatch(Character::isWhitespace), "emoji", "must be 1-" + EMOJI_MAX + " characters without spaces")
			.throwIfInvalid();
	}

	static String typeOf(SendMessage m) {
		return m.type() == null ? "text" : m.type();
	}

	static List<String> mentions(SendMessage m) {
		return m.mentions() == null ? List.of() : List.copyOf(new java.util.LinkedHashSet<>(m.mentions()));
	}

	private static void content(Validator v, String content, boolean hasAttachments) {
		String trimmed = content == null ? "" : content.strip();
		int length = trimmed.codePointCount(0, trimmed.length());
		if (hasAttachments) {
			v.check(length <= CONTENT_MAX, "content", "at most " + CONTENT_MAX + " characters");
		}
		else {
			v.check(length >= 1 && length <= CONTENT_MAX, "content",
					"is required, 1-" + CONTENT_MAX + " characters after trimming");
		}
	}

	private static void attachment(Validator v, Attachment a, String field) {
		if (a == null) {
			v.check(false, field, "must be an object");
			return;
		}
		v.check(ConversationService.isHttpUrl(a.url()), field + ".url", "must be an http(s) URL");
		v.check(a.mimeType() == null || (a.mimeType().length() <= 255 && a.mimeType().contains("/")), field + ".mime_type",
				"must be a media type such as image/png");
		v.check(a.size() == null || a.size() >= 0, field + ".size", "must be 0 or more");
		v.check(a.name() == null || a.name().length() <= 255, field + ".name", "at most 255 characters");
		v.check(a.width() == null || a.width() >= 0, field + ".width", "must be 0 or more");
		v.check(a.height() == null || a.height() >= 0, field + ".height", "must be 0 or more");
	}

}
