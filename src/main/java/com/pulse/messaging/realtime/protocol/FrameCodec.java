package com.pulse.messaging.realtime.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pulse.messaging.message.Attachment;
import com.pulse.messaging.message.SendMessage;
import com.pulse.messaging.realtime.SocketLimits;
import com.pulse.messaging.system.ApiException;
import com.pulse.messaging.system.ErrorMapping;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/** Decodes client frames strictly (as the REST bodies) and encodes server frames. */
@Component
public class FrameCodec {

	private final JsonMapper json;

	private final int maxSyncConversations;

	public FrameCodec(JsonMapper json, SocketLimits limits) {
		this.json = json;
		this.maxSyncConversations = limits.maxSyncConversations();
	}

	public String encode(ServerFrame frame) {
		return this.json.writeValueAsString(frame);
	}

	/** The {@code ref} of a frame, if it can be found, for an error answer to an undecodable frame. */
	public JsonNode refOf(String text) {
		try {
			JsonNode node = this.json.readTree(text);
			JsonNode ref = node == null ? null : node.get("ref");
			return (ref != null && ref.isValueNode() && !ref.isNull()) ? ref : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	public ClientFrame decode(String text) {
		JsonNode node;
		try {
			node = this.json.readTree(text);
		}
		catch (JacksonException ex) {
			throw ApiException.malformed("The frame is not valid JSON");
		}
		if (node == null || !node.isObject()) {
			throw ApiException.malformed("A frame is a JSON object");
		}
		JsonNode ref = node.get("ref");
		if (ref != null && (ref.isNull() || !ref.isValueNode())) {
			ref = null;
		}
		JsonNode type = node.get("type");
		if (type == null || !type.isString()) {
			throw new RefException(ref, ApiException.malformed("A frame needs a string 'type'"));
		}
		try {
			return switch (type.asString()) {
				case "message.send" -> new ClientFrame.Send(ref, read(node, SendFrame.class).toCommand());
				case "typing" -> {
					TypingFrame f = read(node, TypingFrame.class);
					yield new ClientFrame.Typing(ref, f.conversationId(), f.state());
				}
				case "read" -> {
					ReadFrame f = read(node, ReadFrame.class);
					yield new ClientFrame.Read(ref, f.conversationId(), f.seq());
				}
				case "presence.subscribe" -> new ClientFrame.PresenceSubscribe(ref,
						read(node, SubscribeFrame.class).userIds());
				case "sync" -> new ClientFrame.Sync(ref, syncMap(node.get("conversations"), this.maxSyncConversations));
				case "auth.refresh" -> new ClientFrame.AuthRefresh(ref, read(node, RefreshFrame.class).token());
				case "ping" -> new ClientFrame.Ping(ref);
				default -> throw ApiException.malformed("Unknown frame type");
			};
		}
		catch (ApiException ex) {
			throw new RefException(ref, ex);
		}
	}

	private <T> T read(JsonNode node, Class<T> type) {
		try {
			return this.json.treeToValue(node, type);
		}
		catch (JacksonException ex) {
			throw ErrorMapping.fromJson(ex);
		}
	}

	private static Map<String, Long> syncMap(JsonNode conversations, int max) {
		if (conversations == null || conversations.isNull()) {
			return null;
		}
		if (!conversations.isObject()) {
			throw ApiException.invalid("conversations", "must be an object of conversation id to last seen seq");
		}
		if (conversations.size() > max) {
			throw ApiException.invalid("conversations", "a sync names at most " + max + " conversations");
		}
		Map<String, Long> seen = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : conversations.properties()) {
			JsonNode seq = entry.getValue();
			if (!seq.isIntegralNumber() || seq.asLong() < 0) {
				throw ApiException.invalid("conversations." + entry.getKey(), "must be a seq of 0 or more");
			}
			seen.put(entry.getKey(), seq.asLong());
		}
		return seen;
	}

	/** A decoding failure that knows the frame's {@code ref}. */
	public static final class RefException extends RuntimeException {

		private final transient JsonNode ref;

		private final ApiException error;

		RefException(JsonNode ref, ApiException error) {
			super(error.getMessage(), null, false, false);
			this.ref = ref;
			this.error = error;
		}

		public JsonNode ref() {
			return this.ref;
		}

		public ApiException error() {
			return this.error;
		}

	}

	record SendFrame(String conversationId, String recipientId, String content, String messageType,
			String clientMessageId, String replyTo, List<Attachment> attachments, List<String> mentions) {

		SendMessage toCommand() {
			return new SendMessage(this.conversationId, this.recipientId, this.content, this.messageType,
					this.clientMessageId, this.replyTo, this.attachments, this.mentions);
		}

	}

	record TypingFrame(String conversationId, String state) {
	}

	record ReadFrame(String conversationId, Long seq) {
	}

	record SubscribeFrame(List<String> userIds) {
	}

	record RefreshFrame(String token) {
	}

}
