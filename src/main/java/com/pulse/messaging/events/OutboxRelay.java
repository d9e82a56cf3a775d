package com.pulse.messaging.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Publishes the outbox: due entries, oldest first, in confirmed batches, then deletes them. One loop per
 * instance (never two batches in flight) and one publishing instance at a time (the {@link RelayLease}).
 * Woken by {@link OutboxSignal} and by a poll; after a failure it backs off exponentially and retries, so a
 * broker outage delays events and never loses them.
 */
@Component
class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private static final String MESSAGES = "messages";

	private final ReactiveMongoTemplate mongo;

	private final EventPublisher publisher;

	private final OutboxSignal signal;

	private final EventsProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	private final RelayLease lease;

	private final Backoff backoff;

	private final Counter failures;

	private final Counter abandoned;

	private final AtomicLong backlog = new AtomicLong();

	private final AtomicReference<Runnable> onStopped = new AtomicReference<>();

	// touched only by the relay loop, which runs one round at a time
	private int consecutiveFailures;

	private Instant pausedUntil = Instant.MIN;

	private Instant nextBacklogCount = Instant.MIN;

	private volatile Sinks.One<Boolean> stopSignal = Sinks.one();

	private volatile Disposable loop;

	private volatile boolean stopping;

	@Autowired
	OutboxRelay(ReactiveMongoTemplate mongo, EventPublisher publisher, OutboxSignal signal, EventsProperties properties,
			Clock clock, MeterRegistry meters) {
		this(mongo, publisher, signal, properties, clock, meters, "relay-" + UUID.randomUUID());
	}

	OutboxRelay(ReactiveMongoTemplate mongo, EventPublisher publisher, OutboxSignal signal, EventsProperties properties,
			Clock clock, MeterRegistry meters, String instanceId) {
		this.mongo = mongo;
		this.publisher = publisher;
		this.signal = signal;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
		this.lease = new RelayLease(mongo, instanceId, properties.leaseDuration());
		this.backoff = new Backoff(properties.initialBackoff(), properties.maxBackoff());
		this.failures = meters.counter(EventMetrics.PUBLISH_FAILURES);
		this.abandoned = meters.counter(EventMetrics.ABANDONED);
		Gauge.builder(EventMetrics.OUTBOX_BACKLOG, this.backlog, AtomicLong::get)
			.description("Outbox entries not yet published")
			.register(meters);
	}

	// ------------------------------------------------------------------ lifecycle

	@Override
	public void start() {
		this.stopping = false;
		this.stopSignal = Sinks.one();
		// the relay's only subscription: it lives from start() to stop(), and each round's errors are
		// handled inside it, so it ends only when stop() asks
		this.loop = loop().doFinally((signal) -> {
			Runnable callback = this.onStopped.getAndSet(null);
			if (callback != null) {
				callback.run();
			}
		}).subscribe(null, (ex) -> log.error("Outbox relay stopped unexpectedly", ex));
		log.info("Outbox relay started as {}", this.lease.owner());
	}

	@Override
	public void stop(Runnable callback) {
		// the round in flight finishes and the lease is given up before Spring hears we are done
		this.onStopped.set(callback);
		this.stopping = true;
		this.stopSignal.tryEmitValue(Boolean.TRUE);
		Disposable running = this.loop;
		if (running == null || running.isDisposed()) {
			Runnable pending = this.onStopped.getAndSet(null);
			if (pending != null) {
				pending.run();
			}
		}
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	@Override
	public boolean isRunning() {
		Disposable running = this.loop;
		return running != null && !running.isDisposed() && !this.stopping;
	}

	private Mono<Void> loop() {
		return Mono.defer(this::roundSafely)
			.flatMap(this::await)
			.repeat(() -> !this.stopping)
			.then(Mono.defer(this.lease::release))
			.onErrorResume((ex) -> {
				log.warn("Outbox relay could not release its lease: {}", ex.toString());
				return Mono.empty();
			});
	}

	// ------------------------------------------------------------------ one round

	/** What the loop does after a round: wait this long, or less if woken (when wakeable). */
	record Pause(Duration duration, boolean wakeable) {

		static final Pause NONE = new Pause(Duration.ZERO, false);

	}

	private Mono<Pause> roundSafely() {
		return round().timeout(this.properties.leaseDuration()).onErrorResume((ex) -> {
			Duration delay = failed();
			log.warn("Outbox relay round failed, retrying in {} ms: {}", delay.toMillis(), ex.toString());
			return Mono.just(new Pause(delay, false));
		});
	}

	/** One round: count the backlog if due, hold the lease, publish one batch of due entries. */
	Mono<Pause> round() {
		return Mono.defer(() -> {
			Instant now = this.clock.instant();
			this.signal.takePending(); // entries recorded from here on wake the next round
			return countBacklog(now).then(this.lease.acquire(now)).flatMap((held) -> {
				if (!held) {
					return Mono.just(new Pause(this.properties.pollInterval(), false));
				}
				if (now.isBefore(this.pausedUntil)) {
					// backing off after a failure; come back before the lease runs out to renew it
					Duration rest = Duration.between(now, this.pausedUntil);
					return Mono.just(new Pause(min(rest, this.properties.leaseDuration().dividedBy(3)), false));
				}
				return publishDue(now);
			});
		});
	}

	private Mono<Pause> publishDue(Instant now) {
		Query due = Query.query(Criteria.where("nextAttemptAt").lte(now))
			.with(Sort.by(Sort.Order.asc("nextAttemptAt"), Sort.Order.asc("id")))
			.limit(this.properties.batchSize());
		return this.mongo.find(due, OutboxEntry.class).collectList().flatMap((entries) -> {
			if (entries.isEmpty()) {
				return Mono.just(new Pause(this.properties.pollInterval(), true));
			}
			boolean full = entries.size() >= this.properties.batchSize();
			return split(entries, now).flatMap((split) -> handle(split, now, full));
		});
	}

	private Mono<GuardSplit> split(List<OutboxEntry> entries, Instant now) {
		Set<String> guards = new HashSet<>();
		for (OutboxEntry entry : entries) {
			if (entry.guardMessageId() != null) {
				guards.add(entry.guardMessageId());
			}
		}
		if (guards.isEmpty()) {
			return Mono.just(GuardSplit.of(entries, Set.of(), now, this.properties.guardGrace()));
		}
		// message ids are stored as ObjectIds; accept a string _id too rather than publish nothing
		List<Object> ids = new ArrayList<>(guards);
		guards.stream().filter(ObjectId::isValid).map(ObjectId::new).forEach(ids::add);
		Query existing = Query.query(Criteria.where("_id").in(ids));
		existing.fields().include("_id");
		return this.mongo.find(existing, Document.class, MESSAGES)
			.map((message) -> message.get("_id").toString())
			.collect(HashSet<String>::new, Set::add)
			.map((found) -> GuardSplit.of(entries, found, now, this.properties.guardGrace()));
	}

	private Mono<Pause> handle(GuardSplit split, Instant now, boolean full) {
		Mono<Void> dropAbandoned = deleteAll(split.abandoned()).doOnSuccess((done) -> {
			if (!split.abandoned().isEmpty()) {
				this.abandoned.increment(split.abandoned().size());
				log.info("Dropped {} message.sent event(s) whose message was never stored", split.abandoned().size());
			}
		});
		// entries waiting for their message move behind the others, so they never block the batch
		Mono<Void> postponeWaiting = postpone(split.waiting(), now.plus(this.properties.guardRecheck()));
		Pause next = split.waiting().isEmpty() ? (full ? Pause.NONE : new Pause(this.properties.pollInterval(), true))
				: new Pause(min(this.properties.guardRecheck(), this.properties.pollInterval()), true);
		return dropAbandoned.then(postponeWaiting).then(publish(split.publishable(), now)).map((ok) -> ok ? next
				: new Pause(Duration.between(now, this.pausedUntil), false));
	}

	private Mono<Boolean> publish(List<OutboxEntry> entries, Instant now) {
		if (entries.isEmpty()) {
			return Mono.just(true);
		}
		List<PublishableEvent> events = entries.stream()
			.map((entry) -> new PublishableEvent(entry.id(), entry.eventType(), entry.envelope()))
			.toList();
		return this.publisher.publish(events)
			.then(Mono.fromRunnable(() -> {
				this.consecutiveFailures = 0;
				entries.forEach((entry) -> this.meters.counter(EventMetrics.PUBLISHED, "type", entry.eventType()).increment());
			}))
			.then(deleteAll(entries))
			.thenReturn(true)
			.onErrorResume((ex) -> isMongoFailure(ex) ? Mono.error(ex) : retryLater(entries, now, ex));
	}

	private Mono<Boolean> retryLater(List<OutboxEntry> entries, Instant now, Throwable ex) {
		this.failures.increment(entries.size());
		Duration delay = failed();
		log.warn("Publishing {} event(s) failed, retrying in {} ms: {}", entries.size(), delay.toMillis(), ex.toString());
		Update later = new Update().inc("attempts", 1).set("nextAttemptAt", now.plus(delay));
		return this.mongo.updateMulti(Query.query(Criteria.where("id").in(ids(entries))), later, OutboxEntry.class)
			.thenReturn(false);
	}

	/** Counts a failed round and returns the delay before the next attempt. */
	private Duration failed() {
		this.consecutiveFailures++;
		Duration delay = this.backoff.after(this.consecutiveFailures);
		this.pausedUntil = this.clock.instant().plus(delay);
		return delay;
	}

	private Mono<Void> countBacklog(Instant now) {
		if (now.isBefore(this.nextBacklogCount)) {
			return Mono.empty();
		}
		this.nextBacklogCount = now.plus(this.properties.backlogRefresh());
		return this.mongo.count(new Query(), OutboxEntry.class).doOnNext(this.backlog::set).onErrorResume((ex) -> {
			log.debug("Outbox backlog not counted: {}", ex.toString());
			return Mono.empty();
		}).then();
	}

	private Mono<Void> deleteAll(List<OutboxEntry> entries) {
		if (entries.isEmpty()) {
			return Mono.empty();
		}
		return this.mongo.remove(Query.query(Criteria.where("id").in(ids(entries))), OutboxEntry.class).then();
	}

	private Mono<Void> postpone(List<OutboxEntry> entries, Instant until) {
		if (entries.isEmpty()) {
			return Mono.empty();
		}
		return this.mongo
			.updateMulti(Query.query(Criteria.where("id").in(ids(entries))), new Update().set("nextAttemptAt", until),
					OutboxEntry.class)
			.then();
	}

	// ------------------------------------------------------------------ waiting

	private Mono<Void> await(Pause pause) {
		if (pause.duration().isZero() || pause.duration().isNegative()) {
			return Mono.empty();
		}
		List<Mono<Boolean>> triggers = new ArrayList<>();
		// subscribe to wake-ups before checking the pending flag, so no wake-up falls between the two
		if (pause.wakeable()) {
			// a short gathering delay after a wake-up turns a burst of sends into one batch
			Duration gather = this.properties.gatherDelay();
			triggers.add(this.signal.wakeups().next().delayElement(gather));
			triggers.add(Mono.fromSupplier(this.signal::takePending).filter(Boolean::booleanValue).delayElement(gather));
		}
		triggers.add(this.stopSignal.asMono());
		triggers.add(Mono.delay(pause.duration()).thenReturn(Boolean.TRUE));
		return Mono.firstWithValue(triggers).then();
	}

	// ------------------------------------------------------------------ helpers

	private static boolean isMongoFailure(Throwable ex) {
		return ex instanceof org.springframework.dao.DataAccessException
				|| ex.getClass().getName().startsWith("com.mongodb.");
	}

	private static List<String> ids(List<OutboxEntry> entries) {
		return entries.stream().map(OutboxEntry::id).toList();
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	/** Visible for tests: the number of outbox entries at the last count. */
	long backlog() {
		return this.backlog.get();
	}

}
