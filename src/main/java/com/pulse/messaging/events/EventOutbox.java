package com.pulse.messaging.events;

import reactor.core.publisher.Mono;

/** Records events durably before the API answers; a relay publishes them later. */
public interface EventOutbox {

	/** Completes once the event is stored. */
	Mono<Void> record(OutboundEvent event);

	/** Drops a recorded event whose write was abandoned (e.g. a duplicate send). */
	Mono<Void> discard(String eventId);

}
