package com.pulse.messaging.message;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.pulse.messaging.conversation.Conversation;

/**
 * What never changes about a conversation (its type, and the pair of a direct one), remembered per
 * instance so a send need not read the conversation before reserving its seq. It decides nothing about
 * access: the seq reservation itself proves membership.
 */
final class ConversationFacts {

	/** Bounded: forgotten all at once when full, then learnt again from the next reads. */
	private static final int LIMIT = 50_000;

	private final Map<String, Facts> known = new ConcurrentHashMap<>();

	/** A group, or a direct conversation with its two participants. */
	record Facts(boolean direct, List<String> pair) {

		boolean includes(String userId) {
			return !this.direct || this.pair.contains(userId);
		}

	}

	Facts get(String conversationId) {
		return this.known.get(conversationId);
	}

	void learn(Conversation conversation) {
		if (this.known.size() >= LIMIT) {
			this.known.clear();
		}
		this.known.put(conversation.id(), new Facts(conversation.isDirect(),
				conversation.isDirect() ? conversation.participantIds() : List.of()));
	}

}
