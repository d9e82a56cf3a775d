package com.pulse.messaging.events;

import java.time.Duration;
import java.time.Instant;

import org.bson.Document;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The one-relay-at-a-time lease: a single document in {@code outbox_lease} that an instance holds until it
 * expires. Taken and renewed with one atomic find-and-modify, so two instances never both hold it.
 */
class RelayLease {

	static final String COLLECTION = "outbox_lease";

	private static final String ID = "relay";

	private final ReactiveMongoTemplate mongo;

	private final String owner;

	private final Duration duration;

	/** Until when this instance surely holds the lease (a third of its term is kept as a safety margin). */
	private volatile Instant surelyHeldUntil = Instant.MIN;

	RelayLease(ReactiveMongoTemplate mongo, String owner, Duration duration) {
		this.mongo = mongo;
		this.owner = owner;
		this.duration = duration;
	}

	String owner() {
		return this.owner;
	}

	/** Takes or renews the lease; {@code false} while another instance holds an unexpired one. */
	Mono<Boolean> acquire(Instant now) {
		if (now.isBefore(this.surelyHeldUntil)) {
			// renewed recently: no round trip for every round of a busy relay
			return Mono.just(true);
		}
		Query ownOrExpired = Query.query(Criteria.where("_id")
			.is(ID)
			.orOperator(Criteria.where("owner").is(this.owner), Criteria.where("expires_at").lt(now)));
		Update take = new Update().set("owner", this.owner).set("expires_at", now.plus(this.duration));
		return this.mongo
			.findAndModify(ownOrExpired, take, FindAndModifyOptions.options().upsert(true).returnNew(true),
					Document.class, COLLECTION)
			.map((lease) -> this.owner.equals(lease.getString("owner")))
			.doOnNext((held) -> this.surelyHeldUntil = held ? now.plus(this.duration.dividedBy(3)) : Instant.MIN)
			.defaultIfEmpty(false)
			// held by someone else: the query missed, and the upsert's insert hit the existing _id
			.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.just(false));
	}

	/** Gives the lease up, so another instance takes over at once instead of after expiry. */
	Mono<Void> release() {
		this.surelyHeldUntil = Instant.MIN;
		return this.mongo
			.remove(Query.query(Criteria.where("_id").is(ID).and("owner").is(this.owner)), COLLECTION)
			.then();
	}

}
