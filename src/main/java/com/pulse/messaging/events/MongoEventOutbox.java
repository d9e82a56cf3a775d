package com.pulse.messaging.events;

import java.time.Duration;

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

	MongoEventOutbox(ReactiveMongoTemplate mongo, JsonMapper json, OutboxSignal signal) {
		this.mongo = mongo;
		this.json = json;
		this.signal = signal;
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
			.flatMap(this.mongo::insert)
			.doOnSuccess((entry) -> this.signal.wake())
			.then();
	}

	@Override
	public Mono<Void> discard(String eventId) {
		return this.mongo.remove(Query.query(Criteria.where("_id").is(eventId)), OutboxEntry.class).then();
	}

}
