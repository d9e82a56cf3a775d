package com.pulse.messaging.events;

import java.time.Duration;

/** Exponential back-off between publish attempts: initial, doubled after each failure, capped. */
record Backoff(Duration initial, Duration max) {

	/** The delay after this many consecutive failures (1 for the first failure). */
	Duration after(int failures) {
		if (failures <= 0) {
			return Duration.ZERO;
		}
		// 2^30 times any sensible initial delay is beyond every sensible cap; stop doubling before overflow
		int doublings = Math.min(failures - 1, 30);
		Duration delay = this.initial.multipliedBy(1L << doublings);
		return (delay.compareTo(this.max) > 0) ? this.max : delay;
	}

}
