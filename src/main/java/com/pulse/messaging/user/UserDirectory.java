package com.pulse.messaging.user;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.pulse.messaging.auth.AuthenticatedUser;
import com.pulse.messaging.auth.AuthenticationListener;
import com.pulse.messaging.system.Timestamps;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/** The user cache: display data by user id, learnt from user events and token claims. */
@Service
public class UserDirectory implements AuthenticationListener {

	/** Claims already written, so a request does not write MongoDB each time; bounded by clearing. */
	private static final int CLAIMS_MEMO_LIMIT = 10_000;

	private final ReactiveMongoTemplate mongo;

	private final Clock clock;

	private final Map<String, String> claimsMemo = new ConcurrentHashMap<>();

	UserDirectory(ReactiveMongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	/** Known profiles of these users (deleted users and unknown ids are left out). */
	public Mono<Map<String, UserProfile>> profiles(Collection<String> userIds) {
		if (userIds.isEmpty()) {
			return Mono.just(Map.of());
		}
		return this.mongo
			.find(Query.query(Criteria.where("_id").in(userIds).and("deleted").ne(true)), UserProfile.class)
			.collectMap(UserProfile::userId, Function.identity());
	}

	@Override
	public Mono<Void> authenticated(AuthenticatedUser user) {
		if (user.username() == null && user.name() == null) {
			return Mono.empty();
		}
		String memo = user.username() + "\u0000" + user.name();
		if (memo.equals(this.claimsMemo.get(user.id()))) {
			return Mono.empty();
		}
		if (this.claimsMemo.size() > CLAIMS_MEMO_LIMIT) {
			this.claimsMemo.clear();
		}
		Update update = new Update().set("updated_at", Timestamps.now(this.clock)).setOnInsert("deleted", false)
			.setOnInsert("from_event", false);
		if (user.username() != null) {
			update.set("username", user.username());
		}
		if (user.name() != null) {
			update.set("display_name", user.name());
		}
		// an entry an event has set is left alone: the query misses it and the upsert's insert collides;
		// only the fields the events left empty take the claims
		Query notFromEvent = Query.query(Criteria.where("_id").is(user.id()).and("from_event").ne(true));
		return this.mongo.upsert(notFromEvent, update, UserProfile.class)
			.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.empty())
			.then(fillIfEmpty(user.id(), "username", user.username()))
			.then(fillIfEmpty(user.id(), "display_name", user.name()))
			.doOnSuccess((result) -> this.claimsMemo.put(user.id(), memo))
			.then();
	}

	/** Sets a field of an entry the events wrote, if they left it empty. */
	private Mono<Void> fillIfEmpty(String userId, String field, String value) {
		if (value == null) {
			return Mono.empty();
		}
		Query emptyFromEvent = Query
			.query(Criteria.where("_id").is(userId).and("from_event").is(true).and("deleted").ne(true).and(field).is(null));
		return this.mongo.updateFirst(emptyFromEvent, new Update().set(field, value), UserProfile.class).then();
	}

	/** Applies a user event unless a newer one was applied already. */
	public Mono<Void> apply(UserChange change) {
		Update update = new Update().set("username", change.username())
			.set("display_name", change.displayName())
			.set("avatar_url", change.avatarUrl())
			.set("deleted", change.deleted())
			.set("from_event", true)
			.set("event_at", change.occurredAt())
			.set("updated_at", Timestamps.now(this.clock));
		Query notNewer = Query.query(Criteria.where("_id").is(change.userId())
			.orOperator(Criteria.where("event_at").exists(false), Criteria.where("event_at").lte(change.occurredAt())));
		this.claimsMemo.remove(change.userId());
		return this.mongo.upsert(notNewer, update, UserProfile.class)
			.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.empty())
			.then();
	}

}
