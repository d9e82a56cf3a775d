package com.pulse.messaging.realtime.protocol;

import java.util.List;
import java.util.Map;

import com.pulse.messaging.message.SendMessage;
import tools.jackson.databind.JsonNode;

/** A frame a client sends; {@code ref} is the client's own string, echoed in the answer. */
public sealed interface ClientFrame {

	JsonNode ref();

	/** {@code message.send}: the REST send body, the message type in {@code message_type}. */
	record Send(JsonNode ref, SendMessage message) implements ClientFrame {
	}

	/** {@code typing}: {@code state} is start or stop. */
	record Typing(JsonNode ref, String conversationId, String state) implements ClientFrame {
	}

	/** {@code read}: move the caller's watermark. */
	record Read(JsonNode ref, String conversationId, Long seq) implements ClientFrame {
	}

	/** {@code presence.subscribe}. */
	record PresenceSubscribe(JsonNode ref, List<String> userIds) implements ClientFrame {
	}

	/** {@code sync}: last seen seq per conversation, or null for a summary of every conversation. */
	record Sync(JsonNode ref, Map<String, Long> conversations) implements ClientFrame {
	}

	/** {@code auth.refresh}: a fresh token for the same user, to outlive the current one. */
	record AuthRefresh(JsonNode ref, String token) implements ClientFrame {
	}

	/** {@code ping}. */
	record Ping(JsonNode ref) implements ClientFrame {
	}

}
