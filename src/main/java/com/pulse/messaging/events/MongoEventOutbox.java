package com.pulse.messaging.events;

import java.time.Duration;

import java.util.List;

import com.pulse.messaging.system.BulkWrites;
import com.pulse.messaging.system.MicroBatcher;
import com.pulse.messaging.system.MicroBatcher.Outcome;
import org.bson.Document;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** The outbox in MongoDB: one document per event, deleted once the broker confirmed it. */
@Component
class MongoEventOutbox implements EventOutbox, InitializingBean {

	private final ReactiveMongoTemplate mongo;

	private final JsonMapper json;

	private final OutboxSignal signal;

	/** Events of concurrent requests are recorded together: one round trip for many. */
	private final MicroBatcher<OutboxEntry, OutboxEntry> inserts;

	MongoEventOutbox(ReactiveMongoTemplate mongo, JsonMapper json, OutboxSignal signal) {
		this.mongo = mongo;
		this.json = json;
		this.signal = signal;
		this.inserts = new MicroBatcher<>(this::insertAll, 256, 16_384);
	}

	private Mono<List<Outcome<OutboxEntry>>> insertAll(List<OutboxEntry> entries) {
		List<Document> documents = entries.stream().map(MongoEventOutbox::document).toList();
		return BulkWrites.insertAll(this.mongo, "outbox", documents)
			.map((failures) -> BulkWrites.outcomes(entries, failures));
	}

	/**
	 * The entry as stored, written without Spring Data's mapping (every send records one); the same shape as the
	 * mapping's, which the relay reads with.
	 */
	static Document document(OutboxEntry entry) {
		Document document = new Document("_id", entry.id()).append("event_type", entry.eventType())
			.append("envelope", entry.envelope());
		if (entry.guardMessageId() != null) {
			document.append("guard_message_id", entry.guardMessageId());
		}
		return document.append("created_at", java.util.Date.from(entry.createdAt()))
			.append("attempts", entry.attempts())
			.append("next_attempt_at", java.util.Date.from(entry.nextAttemptAt()));
	}

	@Override
	public void afterPropertiesSet() {
		this.mongo.indexOps(OutboxEntry.class)
			.createIndex(new Index("next_attempt_at", Sort.Direction.ASC).on("_id", Sort.Direction.ASC).named("due"))
			.block(Duration.ofSeconds(60));
	}

	@Override
	public Mono<Void> record(OutboundEvent event) {
		return Mono.fromCallable(() -> this.json.writeValueAsString(EventEnvelope.of(event)))
			.map((envelope) -> new OutboxEntry(event.eventId(), event.eventType(), envelope, event.guardMessageId(),
					event.occurredAt(), 0, event.occurredAt()))
			.flatMap(this.inserts::submit)
			.doOnSuccess((entry) -> this.signal.wake())
			.then();
	}

	@Override
	public Mono<Void> discard(String eventId) {
		return this.mongo.remove(Query.query(Criteria.where("_id").is(eventId)), OutboxEntry.class).then();
	}

}
