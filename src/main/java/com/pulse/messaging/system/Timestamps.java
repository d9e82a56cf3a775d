package com.pulse.messaging.system;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Time as the service stores and shows it: UTC, millisecond precision. */
public final class Timestamps {

	private Timestamps() {
	}

	public static Instant now(Clock clock) {
		return clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	public static String format(Instant instant) {
		return JsonConfig.TIMESTAMP.format(instant);
	}

}
