package com.pulse.messaging.message;

import java.util.List;

/**
 * A send, over REST or WebSocket: to a conversation, or to a user (finding or creating the direct conversation).
 */
public record SendMessage(String conversationId, String recipientId, String content, String type,
		String clientMessageId, String replyTo, List<Attachment> attachments, List<String> mentions) {
}
