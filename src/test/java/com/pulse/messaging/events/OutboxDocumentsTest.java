package com.pulse.messaging.events;

import java.time.Instant;
import java.util.UUID;

import com.pulse.messaging.support.IntegrationTestBase;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written outbox document is exactly what Spring Data's mapping writes, which the relay reads with. */
class OutboxDocumentsTest extends IntegrationTestBase {

	@Autowired
	private ReactiveMongoTemplate mongo;

	@Test
	void entriesAreWrittenAsTheMappingWritesThem() {
		Instant at = Instant.parse("2026-11-28T12:00:00.123Z");
		for (String guard : new String[] { null, "6750c0ffee0000000000beef" }) {
			OutboxEntry entry = new OutboxEntry(UUID.randomUUID().toString(), "message.sent", "{\"a\":1}", guard, at, 0,
					at.plusMillis(5));
			Document mapped = new Document();
			this.mongo.getConverter().write(entry, mapped);
			assertThat(MongoEventOutbox.document(entry)).isEqualTo(mapped);
			assertThat(this.mongo.getConverter().read(OutboxEntry.class, MongoEventOutbox.document(entry))).isEqualTo(entry);
		}
	}

}
