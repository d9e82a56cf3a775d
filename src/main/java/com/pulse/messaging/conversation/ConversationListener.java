package com.pulse.messaging.conversation;

import java.util.Collection;

/** Told after a conversation change is stored, so connected clients hear of it (the real-time layer). */
public interface ConversationListener {

	/** Created, renamed or membership changed; {@code audience} includes members who just left or were removed. */
	void conversationUpdated(ConversationView conversation, Collection<String> audience);

	/** A participant's read watermark moved; {@code audience} is everyone else in the conversation. */
	void readMoved(String conversationId, String userId, long lastReadSeq, Collection<String> audience);

}
