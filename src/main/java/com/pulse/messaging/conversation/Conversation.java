package com.pulse.messaging.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A direct or group conversation as stored.
 *
 * @param directKey the sorted pair of a direct conversation (unique), absent for groups
 * @param lastSeq the last message sequence number handed out (reserved; its message may still be in flight)
 * @param lastActivityAt when the last message was sent (or the conversation created): list order
 * @param committedSeq the highest seq below which every message is stored or burned for good: readers see
 * nothing above it (absent on conversations written before it existed: then {@code lastSeq})
 */
@Document("conversations")
public record Conversation(@Id String id, ConversationType type, String name, String avatarUrl, String createdBy,
		Instant createdAt, Instant updatedAt, String directKey, List<Participant> participants, long lastSeq,
		Instant lastActivityAt, Long committedSeq) {

	public Conversation {
		participants = participants == null ? List.of() : participants;
	}

	/** This conversation as it stood when {@code seq} was its last: one of several seqs reserved at once. */
	public Conversation atSeq(long seq) {
		return new Conversation(this.id, this.type, this.name, this.avatarUrl, this.createdBy, this.createdAt,
				this.updatedAt, this.directKey, this.participants, seq, this.lastActivityAt, this.committedSeq);
	}

	/**
	 * The last seq readers may see: every message at or below it is stored (or its number burned), so a
	 * client that catches up from it never misses one.
	 */
	public long visibleSeq() {
		return (this.committedSeq != null) ? this.committedSeq : this.lastSeq;
	}

	public Optional<Participant> participant(String userId) {
		return this.participants.stream().filter((p) -> p.userId().equals(userId)).findFirst();
	}

	public boolean hasParticipant(String userId) {
		return participant(userId).isPresent();
	}

	public boolean isAdmin(String userId) {
		return participant(userId).map((p) -> p.role() == Role.ADMIN).orElse(false);
	}

	public List<String> participantIds() {
		return this.participants.stream().map(Participant::userId).toList();
	}

	/** Everyone but the given user. */
	public List<String> otherParticipantIds(String userId) {
		return this.participants.stream().map(Participant::userId).filter((id) -> !id.equals(userId)).toList();
	}

	public boolean isDirect() {
		return this.type == ConversationType.DIRECT;
	}

	static String directKey(String a, String b) {
		return (a.compareTo(b) <= 0) ? a + "|" + b : b + "|" + a;
	}

}
