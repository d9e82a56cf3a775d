package com.pulse.messaging.events;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

	private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

	@Test
	void waitsNothingBeforeAnyFailure() {
		assertThat(this.backoff.after(0)).isZero();
	}

	@Test
	void doublesTheDelayAfterEachConsecutiveFailure() {
		assertThat(this.backoff.after(1)).isEqualTo(Duration.ofMillis(500));
		assertThat(this.backoff.after(2)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.backoff.after(3)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.backoff.after(6)).isEqualTo(Duration.ofSeconds(16));
	}

	@Test
	void neverWaitsLongerThanTheCapEvenAfterManyFailures() {
		assertThat(this.backoff.after(7)).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.backoff.after(1_000_000)).isEqualTo(Duration.ofSeconds(30));
	}

}
