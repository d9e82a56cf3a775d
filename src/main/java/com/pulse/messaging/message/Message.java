package com.pulse.messaging.message;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A message as stored.
 *
 * @param seq position in the conversation, handed out by the server
 * @param idempotencyKey {@code sender_id|client_message_id} when the sender gave one (sparse unique index)
 * @param reactions emoji (hex of its UTF-8 bytes, safe as a field name) to the users who reacted
 */
@Document("messages")
public record Message(@Id String id, String conversationId, long seq, String senderId, String type, String content,
		List<Attachment> attachments, String replyTo, List<String> mentions, String clientMessageId,
		String idempotencyKey, Instant createdAt, Instant editedAt, boolean deleted, Map<String, List<String>> reactions) {

	public Message {
		attachments = attachments == null ? List.of() : attachments;
		mentions = mentions == null ? List.of() : mentions;
		reactions = reactions == null ? Map.of() : reactions;
	}

	static String idempotencyKey(String senderId, String clientMessageId) {
		return clientMessageId == null ? null : senderId + "|" + clientMessageId;
	}

}
