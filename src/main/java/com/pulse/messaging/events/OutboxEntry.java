package com.pulse.messaging.events;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An event waiting to be published.
 *
 * @param envelope the complete JSON body to publish
 * @param guardMessageId publish only once this message exists (see {@link OutboundEvent})
 * @param attempts failed publish attempts so far
 * @param nextAttemptAt not before then (back-off after failures)
 */
@Document("outbox")
record OutboxEntry(@Id String id, String eventType, String envelope, String guardMessageId, Instant createdAt,
		int attempts, Instant nextAttemptAt) {
}
