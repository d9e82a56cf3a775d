package com.pulse.messaging.message;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** A message as clients see it (API object "Message"); a deleted one keeps only its identity. */
public record MessageView(String id, String conversationId, long seq, String senderId, String type, String content,
		List<Attachment> attachments, String replyTo, List<String> mentions, String clientMessageId, Instant createdAt,
		Instant editedAt, boolean deleted, List<Reaction> reactions) {

	/** One emoji with who reacted with it. */
	public record Reaction(String emoji, int count, List<String> userIds) {
	}

	public static MessageView of(Message m) {
		if (m.deleted()) {
			return new MessageView(m.id(), m.conversationId(), m.seq(), m.senderId(), m.type(), null, List.of(), m.replyTo(),
					List.of(), m.clientMessageId(), m.createdAt(), m.editedAt(), true, List.of());
		}
		return new MessageView(m.id(), m.conversationId(), m.seq(), m.senderId(), m.type(), m.content(), m.attachments(),
				m.replyTo(), m.mentions(), m.clientMessageId(), m.createdAt(), m.editedAt(), false,
				reactions(m.reactions()));
	}

	private static List<Reaction> reactions(Map<String, List<String>> stored) {
		List<Reaction> reactions = new ArrayList<>(stored.size());
		stored.forEach((key, users) -> {
			if (users != null && !users.isEmpty()) {
				reactions.add(new Reaction(emojiOf(key), users.size(), List.copyOf(users)));
			}
		});
		return reactions;
	}

	static String keyOf(String emoji) {
		return "e" + HexFormat.of().formatHex(emoji.getBytes(StandardCharsets.UTF_8));
	}

	static String emojiOf(String key) {
		return new String(HexFormat.of().parseHex(key.substring(1)), StandardCharsets.UTF_8);
	}

}
