package com.pulse.messaging.system;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.Document;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

/** Unordered multi-document inserts whose failures are told apart per document. */
public final class BulkWrites {

	private static final int DUPLICATE_KEY = 11000;

	private BulkWrites() {
	}

	/** Inserts all documents; answers the failure of each document that was not stored, by its index. */
	public static Mono<Map<Integer, Throwable>> insertAll(ReactiveMongoTemplate mongo, String collection,
			List<Document> documents) {
		return mongo.getCollection(collection)
			.flatMap((target) -> Mono.from(target.insertMany(documents, new InsertManyOptions().ordered(false))))
			.map((result) -> Map.<Integer, Throwable>of())
			.onErrorResume(MongoBulkWriteException.class,
					// a write concern failure leaves every document in doubt: the whole batch fails
					(ex) -> (ex.getWriteConcernError() != null) ? Mono.error(ex) : Mono.just(failures(ex)));
	}

	/** One outcome per item: the item itself when stored, its own failure otherwise. */
	public static <T> List<MicroBatcher.Outcome<T>> outcomes(List<T> items, Map<Integer, Throwable> failures) {
		List<MicroBatcher.Outcome<T>> outcomes = new ArrayList<>(items.size());
		for (int i = 0; i < items.size(); i++) {
			Throwable failure = failures.get(i);
			outcomes.add(failure == null ? MicroBatcher.Outcome.of(items.get(i)) : MicroBatcher.Outcome.failed(failure));
		}
		return outcomes;
	}

	private static Map<Integer, Throwable> failures(MongoBulkWriteException ex) {
		Map<Integer, Throwable> failures = new HashMap<>();
		for (BulkWriteError error : ex.getWriteErrors()) {
			failures.put(error.getIndex(), (error.getCode() == DUPLICATE_KEY)
					? new DuplicateKeyException(error.getMessage()) : ex);
		}
		return failures;
	}

}
