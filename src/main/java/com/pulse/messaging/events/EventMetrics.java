package com.pulse.messaging.events;

/** Names of the event metrics, in one place; tags come from bounded sets only (never a user or conversation id). */
public final class EventMetrics {

	/** Gauge: outbox entries not yet published (recounted periodically, not per scrape). */
	public static final String OUTBOX_BACKLOG = "messaging.outbox.backlog";

	/** Counter, tag {@code type} (the event type): events the broker confirmed. */
	public static final String PUBLISHED = "messaging.events.published";

	/** Counter: events in batches the broker did not confirm (they are retried). */
	public static final String PUBLISH_FAILURES = "messaging.events.publish.failures";

	/** Counter: {@code message.sent} entries dropped because their message was never written. */
	public static final String ABANDONED = "messaging.outbox.abandoned";

	/** Counter, tag {@code reason}: user events sent to the dead-letter queue as malformed. */
	public static final String USER_EVENTS_REJECTED = "messaging.user.events.rejected";

	/** Counter, tag {@code type}: user events applied to the user cache. */
	public static final String USER_EVENTS_APPLIED = "messaging.user.events.applied";

	private EventMetrics() {
	}

}
