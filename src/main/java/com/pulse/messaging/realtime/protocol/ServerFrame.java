package com.pulse.messaging.realtime.protocol;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import tools.jackson.databind.JsonNode;

/** Frames the server sends; {@code type} always comes first. */
public sealed interface ServerFrame {

	String type();

	@JsonPropertyOrder({ "type" })
	record Connected(String type, String userId, String sessionId, long heartbeatIntervalMs, Instant serverTime)
			implements ServerFrame {

		public Connected(String userId, String sessionId, long heartbeatIntervalMs, Instant serverTime) {
			this("connected", userId, sessionId, heartbeatIntervalMs, serverTime);
		}

	}

	/** The answer to a frame: the stored message for a send, the frame's result otherwise. */
	@JsonInclude(Include.NON_NULL)
	record Ack(String type, JsonNode ref, Object message, Object result) implements ServerFrame {

		public static Ack message(JsonNode ref, Object message) {
			return new Ack("ack", ref, message, null);
		}

		public static Ack result(JsonNode ref, Object result) {
			return new Ack("ack", ref, null, result);
		}

	}

	@JsonInclude(Include.NON_NULL)
	record Error(String type, JsonNode ref, String code, String message) implements ServerFrame {

		public Error(JsonNode ref, String code, String message) {
			this("error", ref, code, message);
		}

	}

	/** {@code message.new}, {@code message.updated} or {@code message.deleted}. */
	record MessageEvent(String type, Object message) implements ServerFrame {
	}

	record MessageRead(String type, String conversationId, String userId, long lastReadSeq) implements ServerFrame {

		public MessageRead(String conversationId, String userId, long lastReadSeq) {
			this("message.read", conversationId, userId, lastReadSeq);
		}

	}

	record Typing(String type, String conversationId, String userId, String state) implements ServerFrame {

		public Typing(String conversationId, String userId, String state) {
			this("typing", conversationId, userId, state);
		}

	}

	record Presence(String type, String userId, String status, Instant lastSeen) implements ServerFrame {

		public Presence(String userId, String status, Instant lastSeen) {
			this("presence", userId, status, lastSeen);
		}

	}

	record ConversationUpdated(String type, Object conversation) implements ServerFrame {

		public ConversationUpdated(Object conversation) {
			this("conversation.updated", conversation);
		}

	}

	record SyncState(String type, List<SyncEntry> conversations) implements ServerFrame {

		public SyncState(List<SyncEntry> conversations) {
			this("sync.state", conversations);
		}

	}

	/** One conversation in {@code sync.state}. */
	record SyncEntry(String id, long lastSeq, long unreadCount) {
	}

	@JsonInclude(Include.NON_NULL)
	record SyncDone(String type, JsonNode ref, boolean hasMore) implements ServerFrame {

		public SyncDone(JsonNode ref, boolean hasMore) {
			this("sync.done", ref, hasMore);
		}

	}

	/** The socket's token expires at {@code expiresAt}: send {@code auth.refresh} before, or be closed. */
	record AuthExpiring(String type, Instant expiresAt) implements ServerFrame {

		public AuthExpiring(Instant expiresAt) {
			this("auth.expiring", expiresAt);
		}

	}

	@JsonInclude(Include.NON_NULL)
	record Pong(String type, JsonNode ref) implements ServerFrame {

		public Pong(JsonNode ref) {
			this("pong", ref);
		}

	}

}
