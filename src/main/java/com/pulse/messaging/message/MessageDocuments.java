package com.pulse.messaging.message;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * A message as the {@code messages} collection stores it, written without Spring Data's mapping: an insert is on
 * every send's path, and reflective mapping cost more than the driver's own encoding. The shape is exactly the
 * mapping's (snake_case names, absent nulls, no {@code _class}); {@code MessageDocumentsTest} holds them equal,
 * so reads keep going through the mapping.
 */
final class MessageDocuments {

	private MessageDocuments() {
	}

	static Document of(Message message) {
		Document document = new Document("_id", ObjectId.isValid(message.id()) ? new ObjectId(message.id()) : message.id());
		document.append("conversation_id", message.conversationId())
			.append("seq", message.seq())
			.append("sender_id", message.senderId());
		putIfPresent(document, "type", message.type());
		putIfPresent(document, "content", message.content());
		List<Document> attachments = new ArrayList<>(message.attachments().size());
		for (Attachment attachment : message.attachments()) {
			Document stored = new Document();
			putIfPresent(stored, "url", attachment.url());
			putIfPresent(stored, "mime_type", attachment.mimeType());
			putIfPresent(stored, "size", attachment.size());
			putIfPresent(stored, "name", attachment.name());
			putIfPresent(stored, "width", attachment.width());
			putIfPresent(stored, "height", attachment.height());
			attachments.add(stored);
		}
		document.append("attachments", attachments);
		putIfPresent(document, "reply_to", message.replyTo());
		document.append("mentions", new ArrayList<>(message.mentions()));
		putIfPresent(document, "client_message_id", message.clientMessageId());
		putIfPresent(document, "idempotency_key", message.idempotencyKey());
		putIfPresent(document, "created_at", (message.createdAt() != null) ? Date.from(message.createdAt()) : null);
		putIfPresent(document, "edited_at", (message.editedAt() != null) ? Date.from(message.editedAt()) : null);
		document.append("deleted", message.deleted());
		Document reactions = new Document();
		message.reactions().forEach((emoji, users) -> reactions.append(emoji, new ArrayList<>(users)));
		document.append("reactions", reactions);
		return document;
	}

	private static void putIfPresent(Document document, String key, Object value) {
		if (value != null) {
			document.append(key, value);
		}
	}

}
