package com.pulse.messaging.events;

/**
 * An outbox entry ready for the broker.
 *
 * @param eventId the AMQP {@code message_id}
 * @param eventType the AMQP {@code type} and routing key
 * @param envelope the complete JSON body
 */
public record PublishableEvent(String eventId, String eventType, String envelope) {
}
