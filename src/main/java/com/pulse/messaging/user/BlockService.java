package com.pulse.messaging.user;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.pulse.messaging.system.ApiException;
import com.pulse.messaging.system.Timestamps;
import com.pulse.messaging.system.MicroBatcher;
import com.pulse.messaging.system.MicroBatcher.Outcome;
import com.pulse.messaging.system.Validator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/** Blocks between users: a blocked user cannot send to the blocker in a direct conversation. */
@Service
public class BlockService implements InitializingBean {

	private final ReactiveMongoTemplate mongo;

	private final Clock clock;

	/** Concurrent block checks (one per direct send) are answered by one query. */
	private final MicroBatcher<String, Boolean> checks;

	BlockService(ReactiveMongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
		this.checks = new MicroBatcher<>(this::existing, 256, 16_384);
	}

	@Override
	public void afterPropertiesSet() {
		this.mongo.indexOps(Block.class)
			.createIndex(new Index("blocker_id", Sort.Direction.ASC).on("created_at", Sort.Direction.ASC).named("blocker"))
			.block(Duration.ofSeconds(60));
	}

	public Mono<List<String>> blockedBy(String userId) {
		return this.mongo
			.find(Query.query(Criteria.where("blocker_id").is(userId)).with(Sort.by("created_at")), Block.class)
			.map(Block::blockedId)
			.collectList();
	}

	public Mono<Void> block(String userId, String target) {
		validateTarget(userId, target);
		Block block = new Block(Block.key(userId, target), userId, target, Timestamps.now(this.clock));
		return this.mongo.insert(block).onErrorResume(DuplicateKeyException.class, (ex) -> Mono.empty()).then();
	}

	public Mono<Void> unblock(String userId, String target) {
		validateTarget(userId, target);
		return this.mongo.remove(Query.query(Criteria.where("_id").is(Block.key(userId, target))), Block.class).then();
	}

	/** Whether {@code blocker} has blocked {@code blocked}. */
	public Mono<Boolean> isBlocked(String blocker, String blocked) {
		return this.checks.submit(Block.key(blocker, blocked));
	}

	private Mono<List<Outcome<Boolean>>> existing(List<String> keys) {
		Query query = Query.query(Criteria.where("_id").in(new java.util.HashSet<>(keys)));
		query.fields().include("_id");
		return this.mongo.find(query, Block.class)
			.map(Block::id)
			.collect(java.util.stream.Collectors.toSet())
			.map((found) -> keys.stream().map((key) -> Outcome.of(found.contains(key))).toList());
	}

	/** Whether any of the others has blocked the sender. */
	public Mono<Boolean> anyBlocks(List<String> others, String sender) {
		return Flux.fromIterable(others).flatMap((other) -> isBlocked(other, sender)).any(Boolean::booleanValue);
	}

	private static void validateTarget(String userId, String target) {
		Validator.create().userId(target, "user_id").throwIfInvalid();
		if (userId.equals(target)) {
			throw ApiException.invalid("user_id", "cannot block yourself");
		}
	}

}
