package com.pulse.messaging.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A batch of due entries sorted by their guard: ready to publish, waiting for their message, or abandoned.
 * <p>
 * A {@code message.sent} entry is recorded before its message is inserted, so a guarded entry is published
 * only once the message exists. One whose message is still missing after the grace period belongs to a send
 * that failed and was never acknowledged: it is dropped, so nobody hears of a message that does not exist.
 */
record GuardSplit(List<OutboxEntry> publishable, List<OutboxEntry> waiting, List<OutboxEntry> abandoned) {

	static GuardSplit of(List<OutboxEntry> entries, Set<String> existingMessageIds, Instant now, Duration grace) {
		List<OutboxEntry> publishable = new ArrayList<>();
		List<OutboxEntry> waiting = new ArrayList<>();
		List<OutboxEntry> abandoned = new ArrayList<>();
		for (OutboxEntry entry : entries) {
			String guard = entry.guardMessageId();
			if (guard == null || existingMessageIds.contains(guard)) {
				publishable.add(entry);
			}
			else if (now.isBefore(entry.createdAt().plus(grace))) {
				waiting.add(entry);
			}
			else {
				abandoned.add(entry);
			}
		}
		return new GuardSplit(publishable, waiting, abandoned);
	}

}
