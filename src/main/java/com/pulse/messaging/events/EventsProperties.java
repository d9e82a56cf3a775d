package com.pulse.messaging.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where events go and how the outbox relay publishes them.
 *
 * @param exchange durable topic exchange this service publishes to ({@code EVENTS_EXCHANGE})
 * @param userExchange topic exchange of the User Service's events ({@code USER_EVENTS_EXCHANGE})
 * @param userQueue durable queue this service consumes user events from; its dead-letter exchange and
 * queue are named after it ({@code .dlx}, {@code .dlq})
 * @param batchSize most outbox entries published per round (oldest first), confirmed together
 * @param pollInterval how often the relay looks for due entries when nothing wakes it
 * @param leaseDuration how long the relay lease lasts without renewal; another instance takes over after it
 * @param initialBackoff delay before the first retry of a batch that failed to publish
 * @param maxBackoff cap of the exponential back-off between retries
 * @param confirmTimeout how long a batch waits for the broker's publisher confirms
 * @param guardGrace how long a {@code message.sent} entry waits for its message before it counts as abandoned
 * @param guardRecheck how soon the relay looks again at an entry whose message is not written yet
 * @param backlogRefresh how often the outbox backlog gauge is recounted
 * @param gatherDelay how long the relay waits after a wake-up, so a burst of events leaves in one batch
 */
@ConfigurationProperties("messaging.events")
public record EventsProperties(@DefaultValue("messaging.events") String exchange,
		@DefaultValue("user.events") String userExchange,
		@DefaultValue("messaging-service.user-events") String userQueue, @DefaultValue("500") int batchSize,
		@DefaultValue("1s") Duration pollInterval, @DefaultValue("30s") Duration leaseDuration,
		@DefaultValue("500ms") Duration initialBackoff, @DefaultValue("30s") Duration maxBackoff,
		@DefaultValue("10s") Duration confirmTimeout, @DefaultValue("60s") Duration guardGrace,
		@DefaultValue("50ms") Duration guardRecheck, @DefaultValue("5s") Duration backlogRefresh,
		@DefaultValue("20ms") Duration gatherDelay) {

	/** Dead-letter exchange of the user-event queue. */
	public String userDeadLetterExchange() {
		return this.userQueue + ".dlx";
	}

	/** Dead-letter queue of the user-event queue. */
	public String userDeadLetterQueue() {
		return this.userQueue + ".dlq";
	}

}
