package com.pulse.messaging.conversation;

import java.util.Collection;
import java.util.Map;

/** Told after a conversation change is stored, so connected clients hear of it (the real-time layer). */
public interface ConversationListener {

	/**
	 * Created, renamed or membership changed: each user's own view of it (members who just left or were
	 * removed included, with the shared view).
	 */
	void conversationUpdated(Map<String, ConversationView> viewsByUser);

	/** A participant's read watermark moved; {@code audience} is everyone else in the conversation. */
	void readMoved(String conversationId, String userId, long lastReadSeq, Collection<String> audience);

}
