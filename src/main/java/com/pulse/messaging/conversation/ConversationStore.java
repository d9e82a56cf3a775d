package com.pulse.messaging.conversation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bson.types.ObjectId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.pulse.messaging.system.BulkWrites;
import com.pulse.messaging.system.MicroBatcher;
import com.pulse.messaging.system.MicroBatcher.Outcome;

/** MongoDB access for conversations; queries use the stored (snake_case) field names. */
@Component
class ConversationStore implements InitializingBean {

	private static final String MEMBER = "participants.user_id";

	private final ReactiveMongoTemplate mongo;

	/** Watermark moves of concurrent sends go out together: one round trip for many. */
	private final MicroBatcher<Watermark, Watermark> watermarks;

	ConversationStore(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
		this.watermarks = new MicroBatcher<>(this::raiseAll, 256, 16_384);
	}

	/** A participant's watermark to raise. */
	record Watermark(String conversationId, String userId, long seq) {
	}

	/** Indexes are created once at start-up, before the service takes traffic. */
	@Override
	public void afterPropertiesSet() {
		var indexes = this.mongo.indexOps(Conversation.class);
		Flux.concat(
				// sparse: only direct conversations carry the key (the embedded server ignores partial indexes)
				indexes.createIndex(new Index("direct_key", Sort.Direction.ASC).unique().sparse().named("direct_pair")),
				indexes.createIndex(new Index(MEMBER, Sort.Direction.ASC).on("last_activity_at", Sort.Direction.DESC)
					.on("_id", Sort.Direction.DESC)
					.named("participant_activity")))
			.then()
			.block(Duration.ofSeconds(60));
	}

	static Mono<String> validId(String id) {
		return (id != null && ObjectId.isValid(id)) ? Mono.just(id) : Mono.empty();
	}

	/** The conversation if the user takes part in it; empty otherwise (also for an invalid id). */
	Mono<Conversation> findForMember(String id, String userId) {
		return validId(id).flatMap((valid) -> this.mongo
			.findOne(Query.query(Criteria.where("_id").is(new ObjectId(valid)).and(MEMBER).is(userId)), Conversation.class));
	}

	Mono<Conversation> findById(String id) {
		return validId(id).flatMap((valid) -> this.mongo.findById(new ObjectId(valid), Conversation.class));
	}

	Mono<Conversation> findDirect(String a, String b) {
		return this.mongo.findOne(Query.query(Criteria.where("direct_key").is(Conversation.directKey(a, b))),
				Conversation.class);
	}

	Mono<Conversation> insert(Conversation conversation) {
		return this.mongo.insert(conversation);
	}

	/** Inserts the direct conversation unless the pair has one; returns the stored one either way. */
	Mono<Conversation> insertDirectOrFind(Conversation conversation) {
		return this.mongo.insert(conversation)
			.onErrorResume(DuplicateKeyException.class,
					(ex) -> this.mongo.findOne(Query.query(Criteria.where("direct_key").is(conversation.directKey())),
							Conversation.class));
	}

	/**
	 * Hands out the next sequence number in one atomic step that also proves membership: empty when the
	 * sender is not a participant.
	 */
	Mono<Conversation> nextSeq(String id, String senderId, Instant at) {
		return validId(id).flatMap((valid) -> this.mongo.findAndModify(
				sendFields(Query.query(Criteria.where("_id").is(new ObjectId(valid)).and(MEMBER).is(senderId))),
				new Update().inc("last_seq", 1).set("last_activity_at", at),
				FindAndModifyOptions.options().returnNew(true), Conversation.class));
	}

	/** Only what a send needs back (a group may have a thousand participants to map on every message). */
	private static Query sendFields(Query query) {
		query.fields().include("_id", "type", "last_seq", "last_activity_at", MEMBER, "participants.last_read_seq");
		return query;
	}

	/** Moves a watermark forward only (never back). */
	Mono<Void> raiseWatermark(String id, String userId, long seq) {
		return this.watermarks.submit(new Watermark(id, userId, seq)).then();
	}

	private Mono<List<Outcome<Watermark>>> raiseAll(List<Watermark> raises) {
		List<UpdateOneModel<org.bson.Document>> updates = raises.stream()
			.map((w) -> new UpdateOneModel<org.bson.Document>(
					new org.bson.Document("_id", new ObjectId(w.conversationId())).append(MEMBER, w.userId()),
					new org.bson.Document("$max", new org.bson.Document("participants.$.last_read_seq", w.seq()))))
			.toList();
		return this.mongo.getCollection("conversations")
			.flatMap((collection) -> Mono.from(collection.bulkWrite(updates, new BulkWriteOptions().ordered(false))))
			.map((result) -> BulkWrites.outcomes(raises, java.util.Map.of()));
	}

	Mono<Conversation> setMute(String id, String userId, Instant until) {
		return this.mongo.findAndModify(
				Query.query(Criteria.where("_id").is(new ObjectId(id)).and(MEMBER).is(userId)),
				new Update().set("participants.$.muted_until", until), FindAndModifyOptions.options().returnNew(true),
				Conversation.class);
	}

	Mono<Conversation> update(String id, Update update) {
		return this.mongo.findAndModify(Query.query(Criteria.where("_id").is(new ObjectId(id))), update,
				FindAndModifyOptions.options().returnNew(true), Conversation.class);
	}

	/** Adds participants not yet present, as long as the group stays within its size limit. */
	Mono<Conversation> addParticipants(String id, List<Participant> joining, int maxSize, Instant at) {
		int allowedBefore = maxSize - joining.size();
		Criteria fits = Criteria.where("participants." + allowedBefore).exists(false);
		return this.mongo.findAndModify(Query.query(Criteria.where("_id").is(new ObjectId(id)).andOperator(fits)),
				new Update().push("participants").each(joining.toArray()).set("updated_at", at),
				FindAndModifyOptions.options().returnNew(true), Conversation.class);
	}

	Mono<Conversation> removeParticipant(String id, String userId, Instant at) {
		return this.mongo.findAndModify(Query.query(Criteria.where("_id").is(new ObjectId(id)).and(MEMBER).is(userId)),
				new Update().pull("participants", new org.bson.Document("user_id", userId)).set("updated_at", at),
				FindAndModifyOptions.options().returnNew(true), Conversation.class);
	}

	Mono<Conversation> setRole(String id, String userId, Role role, Instant at) {
		return this.mongo.findAndModify(Query.query(Criteria.where("_id").is(new ObjectId(id)).and(MEMBER).is(userId)),
				new Update().set("participants.$.role", role).set("updated_at", at),
				FindAndModifyOptions.options().returnNew(true), Conversation.class);
	}

	/** A page of the user's conversations, most recent activity first, after the cursor position. */
	Flux<Conversation> page(String userId, ListCursor after, int limit) {
		Criteria criteria = Criteria.where(MEMBER).is(userId);
		if (after != null) {
			criteria = criteria.orOperator(Criteria.where("last_activity_at").lt(after.lastActivityAt()),
					Criteria.where("last_activity_at").is(after.lastActivityAt())
						.and("_id")
						.lt(new ObjectId(after.id())));
		}
		Query query = Query.query(criteria)
			.with(Sort.by(Sort.Order.desc("last_activity_at"), Sort.Order.desc("_id")))
			.limit(limit);
		return this.mongo.find(query, Conversation.class);
	}

	Flux<Conversation> allOf(String userId) {
		return this.mongo.find(Query.query(Criteria.where(MEMBER).is(userId)), Conversation.class);
	}

	Flux<Conversation> directOf(String userId) {
		return this.mongo.find(Query.query(Criteria.where(MEMBER).is(userId).and("type").is(ConversationType.DIRECT)),
				Conversation.class);
	}

	Flux<String> idsOf(String userId) {
		Query query = Query.query(Criteria.where(MEMBER).is(userId));
		query.fields().include("_id");
		return this.mongo.find(query, org.bson.Document.class, "conversations")
			.map((doc) -> doc.getObjectId("_id").toHexString());
	}

}
