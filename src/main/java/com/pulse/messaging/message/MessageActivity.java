package com.pulse.messaging.message;

import java.util.Map;

import com.pulse.messaging.conversation.ConversationActivity;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** Answers the conversation views' questions about messages (last message, unread counts). */
@Component
class MessageActivity implements ConversationActivity {

	private final MessageStore store;

	MessageActivity(MessageStore store) {
		this.store = store;
	}

	@Override
	public Mono<Object> lastMessage(String conversationId, long upToSeq) {
		return this.store.newestAtOrBelow(conversationId, upToSeq).map(MessageView::of);
	}

	@Override
	public Mono<Long> unreadCount(String conversationId, String userId, Unread window) {
		return this.store.countUnread(conversationId, userId, window.afterSeq(), window.upToSeq());
	}

	@Override
	public Mono<String> messageIdAt(String conversationId, long seq) {
		return this.store.newestAtOrBelow(conversationId, seq).map(Message::id);
	}

	@Override
	public Mono<Map<String, Long>> unreadCounts(String userId, Map<String, Unread> windows) {
		return Flux.fromIterable(windows.entrySet())
			.flatMap((e) -> unreadCount(e.getKey(), userId, e.getValue()).map((n) -> Map.entry(e.getKey(), n)), 16)
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

}
