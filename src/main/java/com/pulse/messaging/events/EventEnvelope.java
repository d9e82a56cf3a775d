package com.pulse.messaging.events;

import java.time.Instant;

/** The published JSON body, the same for every event of this service. */
record EventEnvelope(String eventId, String eventType, Instant occurredAt, int version, String producer, Object data) {

	static final String PRODUCER = "messaging-service";

	static EventEnvelope of(OutboundEvent event) {
		return new EventEnvelope(event.eventId(), event.eventType(), event.occurredAt(), 1, PRODUCER, event.data());
	}

}
