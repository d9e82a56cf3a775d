package com.pulse.messaging.system;

import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written timestamp format equals the pattern formatter's, across the years a service meets and beyond. */
class TimestampsTest {

	@Test
	void formatsLikeThePatternFormatter() {
		SplittableRandom random = new SplittableRandom(42);
		long min = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
		long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
		for (int i = 0; i < 100_000; i++) {
			Instant instant = Instant.ofEpochSecond(random.nextLong(min, max + 1), random.nextInt(1_000_000_000));
			assertThat(Timestamps.format(instant)).isEqualTo(JsonConfig.TIMESTAMP.format(instant));
		}
	}

	@Test
	void formatsTheEdgesOfADayAndOfTheRange() {
		for (String text : new String[] { "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2026-11-28T12:00:00.123Z",
				"2024-02-29T23:59:59.999Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "+10000-01-01T00:00:00Z" }) {
			Instant instant = Instant.parse(text);
			assertThat(Timestamps.format(instant)).isEqualTo(JsonConfig.TIMESTAMP.format(instant));
		}
		assertThat(Timestamps.format(Instant.parse("2026-11-28T12:00:00.123456Z"))).isEqualTo("2026-11-28T12:00:00.123Z");
	}

}
