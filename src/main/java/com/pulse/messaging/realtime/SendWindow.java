package com.pulse.messaging.realtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The sends of one connection that are accepted (their seq is reserved, so their order is fixed) but not yet
 * stored. A connection reads its next frame while earlier sends are being written, up to this many; past
 * that it waits for one to finish. Frames are handled one at a time, so at most one caller waits.
 */
final class SendWindow {

	private final int size;

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicReference<Sinks.Empty<Void>> waiter = new AtomicReference<>();

	SendWindow(int size) {
		this.size = size;
	}

	/** Completes when another send may start. */
	Mono<Void> slot() {
		if (this.open.get() < this.size) {
			return Mono.empty();
		}
		Sinks.Empty<Void> freed = Sinks.empty();
		this.waiter.set(freed);
		// a send may have finished between the check and the registration
		if (this.open.get() < this.size && this.waiter.compareAndSet(freed, null)) {
			return Mono.empty();
		}
		return freed.asMono();
	}

	void started() {
		this.open.incrementAndGet();
	}

	void finished() {
		this.open.decrementAndGet();
		Sinks.Empty<Void> freed = this.waiter.getAndSet(null);
		if (freed != null) {
			freed.tryEmitEmpty();
		}
	}

	int open() {
		return this.open.get();
	}

}
