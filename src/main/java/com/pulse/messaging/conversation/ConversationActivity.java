package com.pulse.messaging.conversation;

import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * What the conversation views need from the messages: the last message and unread counts. A port the
 * message feature implements, so conversations never depend on messages.
 */
public interface ConversationActivity {

	/** The newest message at or below {@code upToSeq} (the visible end) as its JSON view, or empty. */
	Mono<Object> lastMessage(String conversationId, long upToSeq);

	/** Messages from others after the watermark, up to the visible end, deleted ones excluded. */
	Mono<Long> unreadCount(String conversationId, String userId, Unread window);

	/** The id of the newest message at or below this seq, or empty. */
	Mono<String> messageIdAt(String conversationId, long seq);

	/** Unread counts of several conversations at once: conversation id to its window in, count out. */
	Mono<Map<String, Long>> unreadCounts(String userId, Map<String, Unread> windows);

	/** What counts as unread: the seqs after the reader's watermark, up to the conversation's visible end. */
	record Unread(long afterSeq, long upToSeq) {

		public static Unread of(Conversation conversation, long watermark) {
			return new Unread(watermark, conversation.visibleSeq());
		}

	}

}
