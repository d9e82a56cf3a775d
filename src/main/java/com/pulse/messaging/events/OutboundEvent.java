package com.pulse.messaging.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A domain event to publish at least once.
 *
 * @param eventId unique id, the consumers' deduplication key and the AMQP {@code message_id}
 * @param eventType the type, also the routing key (e.g. {@code message.sent})
 * @param data the event's {@code data} object
 * @param guardMessageId when set, the event is published only once this message exists: the event is
 * recorded before the message is written, so a crash in between never publishes a message that was not stored
 */
public record OutboundEvent(String eventId, String eventType, Instant occurredAt, Object data, String guardMessageId) {

	public static OutboundEvent of(String eventType, Instant occurredAt, Object data) {
		return new OutboundEvent(UUID.randomUUID().toString(), eventType, occurredAt, data, null);
	}

	public static OutboundEvent guarded(String eventType, Instant occurredAt, Object data, String messageId) {
		return new OutboundEvent(UUID.randomUUID().toString(), eventType, occurredAt, data, messageId);
	}

}
