package com.pulse.messaging.conversation;

import java.util.List;

/** Request bodies of the conversation endpoints. */
public final class ConversationRequests {

	private ConversationRequests() {
	}

	/** {@code POST /conversations/direct}. */
	public record OpenDirect(String userId) {
	}

	/** {@code POST /group}. */
	public record CreateGroup(String name, List<String> participantIds, String avatarUrl) {
	}

	/** {@code PATCH /conversations/{id}}: absent fields stay; an empty {@code avatar_url} removes it. */
	public record UpdateGroup(String name, String avatarUrl) {
	}

	/** {@code POST /conversations/{id}/participants}. */
	public record AddParticipants(List<String> userIds) {
	}

	/** {@code PUT /conversations/{id}/participants/{user_id}/role}. */
	public record ChangeRole(String role) {
	}

	/** {@code PUT /conversations/{id}/mute}: null unmutes. */
	public record Mute(String until) {
	}

	/** {@code PUT /conversations/{id}/read}. */
	public record MarkRead(Long seq) {
	}

}
