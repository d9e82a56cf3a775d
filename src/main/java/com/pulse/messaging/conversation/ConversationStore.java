package com.pulse.messaging.conversation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Predicate;

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
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.pulse.messaging.system.BulkWrites;
import com.pulse.messaging.system.MicroBatcher;
import com.pulse.messaging.system.MicroBatcher.Outcome;

/** MongoDB access for conversations; queries use the stored (snake_case) field names. */
@Component
class ConversationStore implements InitializingBean {

	private static final String MEMBER = "participants.user_id";

	/** How many reservations for different conversations one batch has in flight at once. */
	private static final int RESERVATION_CONCURRENCY = 64;

	private final ReactiveMongoTemplate mongo;

	/** Watermark moves of concurrent sends go out together: one round trip for many. */
	private final MicroBatcher<Watermark, Watermark> watermarks;

	/** Seq reservations of concurrent sends: one round trip per conversation and sender, however many messages. */
	private final MicroBatcher<SeqRequest, Conversation> reservations;

	/** Visible-end moves of concurrent sends: one round trip for many conversations. */
	private final MicroBatcher<Commit, Boolean> commits;

	ConversationStore(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
		this.reservations = new MicroBatcher<>(this::reserveAll, 256, 16_384);
		this.watermarks = new MicroBatcher<>(this::raiseAll, 256, 16_384);
		this.commits = new MicroBatcher<>(this::commitAll, 256, 16_384);
	}

	/** Stored seqs {@code first..last} of a conversation that their writer wants visible. */
	private record Commit(String conversationId, long first, long last) {
	}

	/** Requests of one batch for one conversation whose seqs follow each other: one move of the visible end. */
	private record Run(String conversationId, long first, long last, List<Integer> positions) {
	}

	/** A participant's watermark to raise. */
	record Watermark(String conversationId, String userId, long seq) {
	}

	/** One message's claim to the next seq of a conversation, by a sender who must be a participant. */
	private record SeqRequest(String conversationId, String senderId, Instant at) {
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
	 * sender is not a participant. The request is queued at once, so calls made one after another get
	 * increasing seqs even before the first is answered.
	 */
	Mono<Conversation> nextSeq(String id, String senderId, Instant at) {
		return (id != null && ObjectId.isValid(id)) ? this.reservations.submitNow(new SeqRequest(id, senderId, at))
				: Mono.empty();
	}

	/**
	 * Reserves the seqs of a batch: the requests for one conversation share one atomic {@code $inc} by
	 * their count that also proves every sender a participant, and get its numbers in the order they
	 * were submitted. When that proof fails, each sender's requests try alone, so only a stranger's fail.
	 */
	private Mono<List<Outcome<Conversation>>> reserveAll(List<SeqRequest> requests) {
		Map<String, List<Integer>> byConversation = new LinkedHashMap<>();
		for (int i = 0; i < requests.size(); i++) {
			byConversation.computeIfAbsent(requests.get(i).conversationId(), (key) -> new ArrayList<>()).add(i);
		}
		return Flux.fromIterable(byConversation.values())
			.flatMap((positions) -> reserveTogether(requests, positions), RESERVATION_CONCURRENCY)
			.collect(() -> new ArrayList<Outcome<Conversation>>(Collections.nCopies(requests.size(), null)),
					(outcomes, answered) -> answered.forEach(outcomes::set));
	}

	/** Reserves seqs for these requests of one conversation; answers each one's outcome by its position. */
	private Mono<Map<Integer, Outcome<Conversation>>> reserveTogether(List<SeqRequest> requests, List<Integer> positions) {
		Map<String, List<Integer>> bySender = new LinkedHashMap<>();
		positions.forEach((position) -> bySender.computeIfAbsent(requests.get(position).senderId(), (key) -> new ArrayList<>())
			.add(position));
		Instant latest = positions.stream().map((position) -> requests.get(position).at()).max(Instant::compareTo).orElseThrow();
		Mono<Map<Integer, Outcome<Conversation>>> refused = (bySender.size() == 1)
				? Mono.just(answers(positions, (k) -> Outcome.of(null)))
				: Flux.fromIterable(bySender.values())
					.flatMap((own) -> reserveTogether(requests, own))
					.collect(HashMap::new, Map::putAll);
		return increment(requests.get(positions.get(0)).conversationId(), bySender.keySet(), positions.size(), latest)
			.map((conversation) -> {
				long first = conversation.lastSeq() - positions.size() + 1;
				return answers(positions, (k) -> Outcome.of(conversation.atSeq(first + k)));
			})
			.switchIfEmpty(refused)
			.onErrorResume((error) -> Mono.just(answers(positions, (k) -> Outcome.failed(error))));
	}

	/** The outcome of each request, by its position in the batch. */
	private static Map<Integer, Outcome<Conversation>> answers(List<Integer> positions,
			IntFunction<Outcome<Conversation>> outcomeOfKth) {
		Map<Integer, Outcome<Conversation>> answers = new HashMap<>();
		for (int k = 0; k < positions.size(); k++) {
			answers.put(positions.get(k), outcomeOfKth.apply(k));
		}
		return answers;
	}

	/** Only what a send needs back: a group may have a thousand participants to map on every reservation. */
	private static final org.bson.Document SEND_FIELDS = new org.bson.Document("_id", 1).append("type", 1)
		.append("last_seq", 1)
		.append(MEMBER, 1);

	/**
	 * Adds {@code count} to the conversation's last seq if every sender is a participant; empty otherwise. Talks
	 * to the driver directly: the reservation is on every send's path, and mapping queries and results through
	 * Spring Data cost more than the rest of it.
	 */
	private Mono<Conversation> increment(String conversationId, Collection<String> senders, int count, Instant at) {
		Object member = (senders.size() == 1) ? senders.iterator().next()
				: new org.bson.Document("$all", List.copyOf(senders));
		org.bson.Document filter = new org.bson.Document("_id", new ObjectId(conversationId)).append(MEMBER, member);
		org.bson.Document update = new org.bson.Document("$inc", new org.bson.Document("last_seq", count))
			.append("$set", new org.bson.Document("last_activity_at", java.util.Date.from(at)));
		FindOneAndUpdateOptions options = new FindOneAndUpdateOptions().projection(SEND_FIELDS)
			.returnDocument(ReturnDocument.AFTER);
		return this.mongo.getCollection("conversations")
			.flatMap((collection) -> Mono.from(collection.findOneAndUpdate(filter, update, options)))
			.map(ConversationStore::sendView);
	}

	/** The conversation as a send sees it: id, type, last seq and who takes part, nothing else. */
	private static Conversation sendView(org.bson.Document document) {
		List<Participant> participants = new ArrayList<>();
		for (org.bson.Document participant : document.getList("participants", org.bson.Document.class, List.of())) {
			participants.add(new Participant(participant.getString("user_id"), null, null, 0, null));
		}
		return new Conversation(document.getObjectId("_id").toHexString(),
				ConversationType.valueOf(document.getString("type")), null, null, null, null, null, null, participants,
				((Number) document.get("last_seq")).longValue(), null, null);
	}

	/**
	 * Makes the stored seqs {@code first..last} visible if every lower seq already is: true when the visible end
	 * is at {@code last} or beyond afterwards, false when a lower seq is still in flight (the caller waits for it,
	 * or burns it). Commits of one instance reach this batcher in seq order, so they rarely wait for each other.
	 */
	Mono<Boolean> commit(String conversationId, long first, long last) {
		return this.commits.submit(new Commit(conversationId, first, last));
	}

	private Mono<List<Outcome<Boolean>>> commitAll(List<Commit> requests) {
		List<Run> runs = runs(requests);
		List<Outcome<Boolean>> outcomes = new ArrayList<>(Collections.nCopies(requests.size(), Outcome.of(false)));
		// one move per conversation a batch: a second run of the same one waits behind another writer's seqs
		Map<String, Run> firstRuns = new LinkedHashMap<>();
		runs.forEach((run) -> firstRuns.putIfAbsent(run.conversationId(), run));
		List<UpdateOneModel<org.bson.Document>> moves = firstRuns.values().stream().map(ConversationStore::move).toList();
		return this.mongo.getCollection("conversations")
			.flatMap((collection) -> Mono.from(collection.bulkWrite(moves, new BulkWriteOptions().ordered(false))))
			// every move matched (the common case): all done; else read where each end stands now
			.flatMap((result) -> (result.getMatchedCount() == moves.size()) ? Mono.just((Predicate<Run>) (run) -> true)
					: visibleSeqs(firstRuns.keySet()).map((visible) -> (Predicate<Run>) (run) -> visible
						.getOrDefault(run.conversationId(), -1L) >= run.last()))
			.map((done) -> {
				for (Run run : firstRuns.values()) {
					boolean moved = done.test(run);
					run.positions().forEach((position) -> outcomes.set(position, Outcome.of(moved)));
				}
				return outcomes;
			});
	}

	/** The requests grouped by conversation into runs of consecutive seqs, lowest first. */
	private static List<Run> runs(List<Commit> requests) {
		Map<String, List<Integer>> byConversation = new LinkedHashMap<>();
		for (int i = 0; i < requests.size(); i++) {
			byConversation.computeIfAbsent(requests.get(i).conversationId(), (key) -> new ArrayList<>()).add(i);
		}
		List<Run> runs = new ArrayList<>();
		byConversation.forEach((conversationId, positions) -> {
			positions.sort(java.util.Comparator.comparingLong((Integer position) -> requests.get(position).first()));
			Run current = null;
			for (int position : positions) {
				Commit commit = requests.get(position);
				if (current != null && commit.first() <= current.last() + 1) {
					current.positions().add(position);
					current = new Run(conversationId, current.first(), Math.max(current.last(), commit.last()),
							current.positions());
					runs.set(runs.size() - 1, current);
				}
				else {
					current = new Run(conversationId, commit.first(), commit.last(), new ArrayList<>(List.of(position)));
					runs.add(current);
				}
			}
		});
		return runs;
	}

	/** Visible end to {@code last}, if it stands just below {@code first} or within the run. */
	private static UpdateOneModel<org.bson.Document> move(Run run) {
		org.bson.Document within = new org.bson.Document("committed_seq",
				new org.bson.Document("$gte", run.first() - 1).append("$lt", run.last()));
		// a conversation stored before the visible end existed: everything below its first commit counts as stored
		org.bson.Document legacy = new org.bson.Document("committed_seq", new org.bson.Document("$exists", false));
		return new UpdateOneModel<>(
				new org.bson.Document("_id", new ObjectId(run.conversationId())).append("$or", List.of(within, legacy)),
				new org.bson.Document("$max", new org.bson.Document("committed_seq", run.last())));
	}

	/** The visible end of each conversation. */
	private Mono<Map<String, Long>> visibleSeqs(Collection<String> conversationIds) {
		Query query = Query.query(Criteria.where("_id").in(conversationIds.stream().map(ObjectId::new).toList()));
		query.fields().include("_id", "committed_seq", "last_seq");
		return this.mongo.find(query, org.bson.Document.class, "conversations")
			.collectMap((document) -> document.getObjectId("_id").toHexString(), ConversationStore::visibleSeqOf);
	}

	private static long visibleSeqOf(org.bson.Document document) {
		Object committed = document.get("committed_seq");
		Object last = committed != null ? committed : document.get("last_seq");
		return (last == null) ? 0 : ((Number) last).longValue();
	}

	/** The conversation's visible end (0 when unknown). */
	Mono<Long> visibleSeq(String conversationId) {
		return visibleSeqs(List.of(conversationId)).map((visible) -> visible.getOrDefault(conversationId, 0L));
	}

	/** Moves the visible end from exactly {@code from} to {@code to}; false when it stands elsewhere. */
	Mono<Boolean> advanceVisibleSeq(String conversationId, long from, long to) {
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(new ObjectId(conversationId)).and("committed_seq").is(from)),
					new Update().max("committed_seq", to), Conversation.class)
			.map((result) -> result.getMatchedCount() > 0);
	}

	/** Moves a watermark forward only (never back). */
	Mono<Void> raiseWatermark(String id, String userId, long seq) {
		return this.watermarks.submit(new Watermark(id, userId, seq)).then();
	}

	/** Raises each participant's watermark once, to the highest seq the batch holds for them. */
	private Mono<List<Outcome<Watermark>>> raiseAll(List<Watermark> raises) {
		Map<List<String>, Watermark> highest = new LinkedHashMap<>();
		for (Watermark raise : raises) {
			highest.merge(List.of(raise.conversationId(), raise.userId()), raise,
					(a, b) -> (a.seq() >= b.seq()) ? a : b);
		}
		List<UpdateOneModel<org.bson.Document>> updates = highest.values()
			.stream()
			.map((w) -> new UpdateOneModel<org.bson.Document>(
					new org.bson.Document("_id", new ObjectId(w.conversationId())).append(MEMBER, w.userId()),
					new org.bson.Document("$max", new org.bson.Document("participants.$.last_read_seq", w.seq()))))
			.toList();
		return this.mongo.getCollection("conversations")
			.flatMap((collection) -> Mono.from(collection.bulkWrite(updates, new BulkWriteOptions().ordered(false))))
			.map((result) -> BulkWrites.outcomes(raises, Map.of()));
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

	/**
	 * The other user of each of this user's direct conversations, read from the pair key alone: every connect
	 * asks (presence goes to direct partners), and mapping whole conversations was a visible part of its cost.
	 */
	Flux<String> directPartnersOf(String userId) {
		org.bson.Document filter = new org.bson.Document(MEMBER, userId).append("type", ConversationType.DIRECT.name());
		return this.mongo.getCollection("conversations")
			.flatMapMany((collection) -> collection.find(filter).projection(new org.bson.Document("direct_key", 1).append("_id", 0)))
			.mapNotNull((document) -> partnerIn(document.getString("direct_key"), userId));
	}

	/** The other half of a direct conversation's pair key ({@code a|b}; user ids never contain {@code |}). */
	private static String partnerIn(String directKey, String userId) {
		if (directKey == null) {
			return null;
		}
		int bar = directKey.indexOf('|');
		String first = directKey.substring(0, bar);
		return first.equals(userId) ? directKey.substring(bar + 1) : first;
	}

	Flux<String> idsOf(String userId) {
		Query query = Query.query(Criteria.where(MEMBER).is(userId));
		query.fields().include("_id");
		return this.mongo.find(query, org.bson.Document.class, "conversations")
			.map((doc) -> doc.getObjectId("_id").toHexString());
	}

}
