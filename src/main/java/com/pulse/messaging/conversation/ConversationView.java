package com.pulse.messaging.conversation;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A conversation as the caller sees it (API object "Conversation"). */
public record ConversationView(String id, ConversationType type, String name, String avatarUrl, String createdBy,
		Instant createdAt, Instant updatedAt, List<ParticipantView> participants, long lastSeq, Object lastMessage,
		long unreadCount, Instant mutedUntil) {

	/** A participant with display data from the user cache; unknown display fields are left out. */
	public record ParticipantView(String userId, Role role, Instant joinedAt, long lastReadSeq,
			@JsonInclude(JsonInclude.Include.NON_NULL) String username,
			@JsonInclude(JsonInclude.Include.NON_NULL) String displayName,
			@JsonInclude(JsonInclude.Include.NON_NULL) String avatarUrl) {
	}

}
