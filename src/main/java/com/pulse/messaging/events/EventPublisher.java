package com.pulse.messaging.events;

import java.util.List;

import reactor.core.publisher.Mono;

/** Sends events to the broker; implemented by the AMQP adapter. */
public interface EventPublisher {

	/** Completes once the broker confirmed every event of the batch; errors if any was not confirmed. */
	Mono<Void> publish(List<PublishableEvent> events);

}
