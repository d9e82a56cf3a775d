package com.pulse.messaging.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GuardSplitTest {

	private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

	private static final Duration GRACE = Duration.ofSeconds(60);

	@Test
	void publishesUnguardedEntriesAndThoseWhoseMessageExists() {
		OutboxEntry unguarded = entry("a", null, NOW);
		OutboxEntry stored = entry("b", "m1", NOW);
		GuardSplit split = GuardSplit.of(List.of(unguarded, stored), Set.of("m1"), NOW, GRACE);
		assertThat(split.publishable()).containsExactly(unguarded, stored);
		assertThat(split.waiting()).isEmpty();
		assertThat(split.abandoned()).isEmpty();
	}

	@Test
	void holdsBackAnEntryWhoseMessageIsNotWrittenYetWithinTheGracePeriod() {
		OutboxEntry early = entry("a", "m1", NOW.minusSeconds(59));
		GuardSplit split = GuardSplit.of(List.of(early), Set.of(), NOW, GRACE);
		assertThat(split.waiting()).containsExactly(early);
		assertThat(split.publishable()).isEmpty();
		assertThat(split.abandoned()).isEmpty();
	}

	@Test
	void abandonsAnEntryWhoseMessageIsStillMissingAfterTheGracePeriod() {
		OutboxEntry failedSend = entry("a", "m1", NOW.minusSeconds(60));
		GuardSplit split = GuardSplit.of(List.of(failedSend), Set.of("m2"), NOW, GRACE);
		assertThat(split.abandoned()).containsExactly(failedSend);
		assertThat(split.publishable()).isEmpty();
	}

	private static OutboxEntry entry(String id, String guard, Instant createdAt) {
		return new OutboxEntry(id, EventTypes.MESSAGE_SENT, "{}", guard, createdAt, 0, createdAt);
	}

}
