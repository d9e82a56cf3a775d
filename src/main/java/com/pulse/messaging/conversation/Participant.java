package com.pulse.messaging.conversation;

import java.time.Instant;

/**
 * A member of a conversation with the member's own state.
 *
 * @param lastReadSeq read watermark: every message with a seq at or below it has been read
 * @param mutedUntil notifications muted until then, or null
 */
public record Participant(String userId, Role role, Instant joinedAt, long lastReadSeq, Instant mutedUntil) {

	static Participant joining(String userId, Role role, Instant at) {
		return new Participant(userId, role, at, 0, null);
	}

	boolean isMuted(Instant now) {
		return this.mutedUntil != null && this.mutedUntil.isAfter(now);
	}

}
