package com.pulse.messaging.conversation;

import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * What the conversation views need from the messages: the last message and unread counts. A port the
 * message feature implements, so conversations never depend on messages.
 */
public interface ConversationActivity {

	/** The newest message of the conversation as its JSON view, or empty. */
	Mono<Object> lastMessage(String conversationId);

	/** Messages from others after the watermark, deleted ones excluded. */
	Mono<Long> unreadCount(String conversationId, String userId, long lastReadSeq);

	/** The id of the newest message at or below this seq, or empty. */
	Mono<String> messageIdAt(String conversationId, long seq);

	/** Unread counts of several conversations at once: conversation id to watermark in, count out. */
	Mono<Map<String, Long>> unreadCounts(String userId, Map<String, Long> watermarks);

}
