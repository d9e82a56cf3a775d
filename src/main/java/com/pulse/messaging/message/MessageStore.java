package com.pulse.messaging.message;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.bson.types.ObjectId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import com.pulse.messaging.system.BulkWrites;
import com.pulse.messaging.system.MicroBatcher;
import com.pulse.messaging.system.MicroBatcher.Outcome;
import org.springframework.dao.DuplicateKeyException;

/** MongoDB access for messages; queries use the stored (snake_case) field names. */
@Component
class MessageStore implements InitializingBean {

	/** Marks the stand-in of a burned seq: it holds the number so no late write can take it, and is never shown. */
	private static final String BURNED = "burned";

	/** The unique index that gives each seq of a conversation to one document only. */
	private static final String SEQ_INDEX = "conversation_seq";

	private final ReactiveMongoTemplate mongo;

	/** Concurrent sends are inserted together: one round trip for many messages. */
	private final MicroBatcher<Message, Message> inserts;

	/** Concurrent idempotency lookups are answered by one query. */
	private final MicroBatcher<String, Message> lookups;

	MessageStore(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
		this.inserts = new MicroBatcher<>(this::insertAll, 256, 16_384);
		this.lookups = new MicroBatcher<>(this::findAllByKey, 256, 16_384);
	}

	/** Indexes are created once at start-up, before the service takes traffic. */
	@Override
	public void afterPropertiesSet() {
		var indexes = this.mongo.indexOps(Message.class);
		Flux.concat(
				indexes.createIndex(new Index("conversation_id", Sort.Direction.ASC).on("seq", Sort.Direction.ASC)
					.unique()
					.named("conversation_seq")),
				// sparse: only sends with a client_message_id carry the key (partial indexes are not portable here)
				indexes.createIndex(
						new Index("idempotency_key", Sort.Direction.ASC).unique().sparse().named("idempotent_send")))
			.then()
			.block(Duration.ofSeconds(60));
	}

	/**
	 * Completes once the message is stored. A repeated idempotency key fails with {@link DuplicateKeyException};
	 * a seq burned in the meantime (the write came too late) with {@link SeqTaken}.
	 */
	Mono<Message> insert(Message message) {
		return this.inserts.submit(message).onErrorMap(DuplicateKeyException.class,
				(ex) -> String.valueOf(ex.getMessage()).contains(SEQ_INDEX) ? new SeqTaken() : ex);
	}

	/** The seq of a write was burned before the write landed: the message was not stored. */
	static final class SeqTaken extends RuntimeException {

		SeqTaken() {
			super("the seq was burned before the message was stored", null, false, false);
		}

	}

	/**
	 * Burns seqs for good: a stand-in document takes each number that has no message, so the conversation's
	 * visible end can move past it and a write that comes later fails instead of appearing behind readers.
	 */
	Mono<Void> burn(String conversationId, Collection<Long> seqs) {
		if (seqs.isEmpty()) {
			return Mono.empty();
		}
		List<org.bson.Document> standIns = seqs.stream()
			.map((seq) -> new org.bson.Document("_id", new ObjectId()).append("conversation_id", conversationId)
				.append("seq", seq)
				.append("deleted", true)
				.append(BURNED, true))
			.toList();
		// a number already taken (by its message or another burner) is just what we wanted
		return BulkWrites.insertAll(this.mongo, "messages", standIns).flatMap((failures) -> {
			for (Throwable failure : failures.values()) {
				if (!(failure instanceof DuplicateKeyException)) {
					return Mono.error(failure);
				}
			}
			return Mono.empty();
		});
	}

	/** The seqs in {@code (after, before)} that are taken, by a message or a burned stand-in. */
	Mono<Set<Long>> takenSeqs(String conversationId, long after, long before) {
		Query query = Query.query(Criteria.where("conversation_id").is(conversationId).and("seq").gt(after).lt(before));
		query.fields().include("seq");
		return this.mongo.find(query, org.bson.Document.class, "messages")
			.map((document) -> ((Number) document.get("seq")).longValue())
			.collect(HashSet::new, Set::add);
	}

	private Mono<List<Outcome<Message>>> insertAll(List<Message> messages) {
		List<org.bson.Document> documents = messages.stream().map(MessageDocuments::of).toList();
		return BulkWrites.insertAll(this.mongo, "messages", documents)
			.map((failures) -> BulkWrites.outcomes(messages, failures));
	}

	Mono<Message> findById(String id) {
		return (id != null && ObjectId.isValid(id)) ? this.mongo.findById(new ObjectId(id), Message.class) : Mono.empty();
	}

	Mono<Message> findByIdempotencyKey(String key) {
		return this.lookups.submit(key);
	}

	private Mono<List<Outcome<Message>>> findAllByKey(List<String> keys) {
		return this.mongo
			.find(Query.query(Criteria.where("idempotency_key").in(new java.util.HashSet<>(keys))), Message.class)
			.collectMap(Message::idempotencyKey)
			.map((found) -> keys.stream().map((key) -> Outcome.of(found.get(key))).toList());
	}

	Mono<Boolean> existsIn(String id, String conversationId) {
		if (id == null || !ObjectId.isValid(id)) {
			return Mono.just(false);
		}
		return this.mongo.exists(
				Query.query(Criteria.where("_id").is(new ObjectId(id)).and("conversation_id").is(conversationId)),
				Message.class);
	}

	/** Up to {@code limit} messages in a seq range, read from one end; ascending or descending by seq. */
	Flux<Message> range(String conversationId, Long afterSeq, Long beforeSeq, int limit, boolean newestFirst) {
		Criteria criteria = Criteria.where("conversation_id").is(conversationId).and(BURNED).ne(true);
		Criteria seq = null;
		if (afterSeq != null || beforeSeq != null) {
			seq = Criteria.where("seq");
			if (afterSeq != null) {
				seq = seq.gt(afterSeq);
			}
			if (beforeSeq != null) {
				seq = seq.lt(beforeSeq);
			}
			criteria = criteria.andOperator(seq);
		}
		Query query = Query.query(criteria)
			.with(Sort.by(newestFirst ? Sort.Direction.DESC : Sort.Direction.ASC, "seq"))
			.limit(limit);
		return this.mongo.find(query, Message.class);
	}

	Mono<Message> newestAtOrBelow(String conversationId, long seq) {
		return range(conversationId, null, seq + 1, 1, true).next();
	}

	Mono<Long> countUnread(String conversationId, String userId, long watermark, long upToSeq) {
		return this.mongo.count(Query.query(Criteria.where("conversation_id")
			.is(conversationId)
			.and("seq")
			.gt(watermark)
			.lte(upToSeq)
			.and("sender_id")
			.ne(userId)
			.and("deleted")
			.ne(true)), Message.class);
	}

	Mono<Message> update(String id, Update update) {
		return this.mongo.findAndModify(Query.query(Criteria.where("_id").is(new ObjectId(id))), update,
				FindAndModifyOptions.options().returnNew(true), Message.class);
	}

	Mono<Message> edit(String id, String content, Instant at) {
		return this.mongo.findAndModify(
				Query.query(Criteria.where("_id").is(new ObjectId(id)).and("deleted").ne(true)),
				new Update().set("content", content).set("edited_at", at),
				FindAndModifyOptions.options().returnNew(true), Message.class);
	}

	Mono<Message> tombstone(String id) {
		return update(id, new Update().set("deleted", true)
			.set("content", null)
			.set("attachments", List.of())
			.set("mentions", List.of())
			.set("reactions", new org.bson.Document()));
	}

	Mono<Message> react(String id, String emojiKey, String userId, boolean add) {
		Update update = add ? new Update().addToSet("reactions." + emojiKey, userId)
				: new Update().pull("reactions." + emojiKey, userId);
		return this.mongo.findAndModify(Query.query(Criteria.where("_id").is(new ObjectId(id)).and("deleted").ne(true)),
				update, FindAndModifyOptions.options().returnNew(true), Message.class);
	}

	/** Newest first, case-insensitive substring match in the given conversations, before the cursor id. */
	Flux<Message> search(Collection<String> conversationIds, String text, String beforeId, int limit) {
		Criteria criteria = Criteria.where("conversation_id")
			.in(conversationIds)
			.and("deleted")
			.ne(true)
			.and("content")
			.regex(Pattern.quote(text), "i");
		if (beforeId != null) {
			criteria = criteria.and("_id").lt(new ObjectId(beforeId));
		}
		return this.mongo.find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "_id")).limit(limit),
				Message.class);
	}

}
