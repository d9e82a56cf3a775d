package com.pulse.messaging.conversation;

import java.util.List;

import com.pulse.messaging.system.ApiException;
import tools.jackson.databind.JsonNode;

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

	/**
	 * {@code PATCH /conversations/{id}}: absent fields stay; {@code avatar_url} null or empty removes it.
	 * {@code avatar_url} is kept as JSON so an explicit null (a node) differs from an absent field (null).
	 */
	public record UpdateGroup(String name, JsonNode avatarUrl) {

		/** The avatar to set ("" removes it), or null to leave it; a non-string is a validation error. */
		String avatarChange() {
			if (this.avatarUrl == null) {
				return null;
			}
			if (this.avatarUrl.isNull()) {
				return "";
			}
			if (!this.avatarUrl.isString()) {
				throw ApiException.invalid("avatar_url", "must be a string or null");
			}
			return this.avatarUrl.stringValue();
		}

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
