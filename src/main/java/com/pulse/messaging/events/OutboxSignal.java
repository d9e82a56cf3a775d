package com.pulse.messaging.events;

import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import org.springframework.stereotype.Component;

/** Wakes the relay as soon as an event is recorded, so events leave in milliseconds, not at the next poll. */
@Component
class OutboxSignal {

	private final Sinks.Many<Boolean> wakeups = Sinks.many().multicast().directBestEffort();

	private final AtomicBoolean pending = new AtomicBoolean();

	void wake() {
		if (this.pending.compareAndSet(false, true)) {
			this.wakeups.tryEmitNext(Boolean.TRUE);
		}
	}

	/** Consumes the pending wake-up, if any. */
	boolean takePending() {
		return this.pending.getAndSet(false);
	}

	Flux<Boolean> wakeups() {
		return this.wakeups.asFlux();
	}

}
