package com.pulse.messaging.events.amqp;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;

import com.pulse.messaging.events.EventMetrics;
import com.pulse.messaging.user.UserChange;
import com.pulse.messaging.user.UserDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the user cache current from the User Service's events. A malformed event goes straight to the
 * dead-letter queue with one warning; a failure to write (MongoDB away) is retried by the listener's retry,
 * then dead-lettered too. An event without {@code occurred_at} is malformed: applying it as "now" could let
 * a stale redelivery overwrite newer data.
 */
@Component
class UserEventListener {

	private static final Logger log = LoggerFactory.getLogger(UserEventListener.class);

	private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");

	/** Only an id of this shape is echoed in logs; anything else could be log injection. */
	private static final Pattern LOGGABLE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	private static final Set<String> TYPES = Set.of(AmqpTopology.USER_EVENT_TYPES);

	private static final String DELETED = "user.deleted";

	/** Bounds the wait for MongoDB on a listener thread; longer counts as a failure and is retried. */
	private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

	private final UserDirectory directory;

	private final JsonMapper json;

	private final MeterRegistry meters;

	UserEventListener(UserDirectory directory, JsonMapper json, MeterRegistry meters) {
		this.directory = directory;
		this.json = json;
		this.meters = meters;
	}

	@RabbitListener(id = "user-events", queues = "${messaging.events.user-queue:messaging-service.user-events}")
	void onUserEvent(Message message) {
		UserEvent event = parse(message);
		// a listener thread, not an event loop: waiting here is what gives the broker its backpressure
		this.directory.apply(event.change()).block(WRITE_TIMEOUT);
		this.meters.counter(EventMetrics.USER_EVENTS_APPLIED, "type", event.type()).increment();
	}

	private UserEvent parse(Message message) {
		JsonNode root;
		try {
			root = this.json.readTree(message.getBody());
		}
		catch (JacksonException ex) {
			throw reject(message, "not_json", "the body is not JSON");
		}
		if (root == null || !root.isObject()) {
			throw reject(message, "not_json", "the body is not a JSON object");
		}
		String type = text(root, "event_type");
		if (type == null || !TYPES.contains(type)) {
			throw reject(message, "unknown_type", "unknown or missing event_type");
		}
		JsonNode data = root.get("data");
		if (data == null || !data.isObject()) {
			throw reject(message, "invalid_data", "data is missing or not an object");
		}
		String userId = text(data, "user_id");
		if (userId == null || !USER_ID.matcher(userId).matches()) {
			throw reject(message, "invalid_user_id", "data.user_id is missing or not a valid user id");
		}
		Instant occurredAt = instant(root.get("occurred_at"));
		if (occurredAt == null) {
			throw reject(message, "invalid_occurred_at", "occurred_at is missing or not an RFC 3339 timestamp");
		}
		String username;
		String displayName;
		String avatarUrl;
		try {
			username = optionalText(data, "username");
			displayName = optionalText(data, "display_name");
			avatarUrl = optionalText(data, "avatar_url");
		}
		catch (IllegalArgumentException ex) {
			throw reject(message, "invalid_data", ex.getMessage());
		}
		boolean deleted = DELETED.equals(type);
		return new UserEvent(type, new UserChange(userId, username, displayName, avatarUrl, deleted, occurredAt));
	}

	private AmqpRejectAndDontRequeueException reject(Message message, String reason, String detail) {
		this.meters.counter(EventMetrics.USER_EVENTS_REJECTED, "reason", reason).increment();
		String id = message.getMessageProperties().getMessageId();
		log.warn("Rejected user event {} to the dead-letter queue: {}", loggable(id), detail);
		return new AmqpRejectAndDontRequeueException("Malformed user event: " + reason);
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	/** A string, or null when absent or null; any other JSON type is malformed. */
	private static String optionalText(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw new IllegalArgumentException("data." + field + " is not a string");
		}
		return value.asString();
	}

	private static Instant instant(JsonNode value) {
		if (value == null || !value.isString()) {
			return null;
		}
		try {
			return Instant.parse(value.asString());
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static String loggable(String id) {
		return (id != null && LOGGABLE_ID.matcher(id).matches()) ? id : "(no usable message_id)";
	}

	private record UserEvent(String type, UserChange change) {
	}

}
