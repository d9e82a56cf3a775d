package com.pulse.messaging.message;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.pulse.messaging.support.IntegrationTestBase;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written message document is exactly what Spring Data's mapping writes and reads back. */
class MessageDocumentsTest extends IntegrationTestBase {

	@Autowired
	private ReactiveMongoTemplate mongo;

	@Test
	void everyFieldIsWrittenAsTheMappingWritesIt() {
		Instant at = Instant.parse("2026-11-28T12:00:00.123Z");
		Message full = new Message(new ObjectId().toHexString(), new ObjectId().toHexString(), 42, "u1", "image", "hi",
				List.of(new Attachment("https://x/a.png", "image/png", 1234L, "a.png", 640, 480),
						new Attachment("https://x/b", null, null, null, null, null)),
				new ObjectId().toHexString(), List.of("u2", "u3"), "c-1", "u1|c-1", at, at.plusSeconds(5), false,
				Map.of("f09f918d", List.of("u2", "u3")));
		Message minimal = new Message(new ObjectId().toHexString(), new ObjectId().toHexString(), 1, "u1", "text", null,
				List.of(), null, List.of(), null, null, at, null, true, Map.of());
		for (Message message : List.of(full, minimal)) {
			Document mapped = new Document();
			this.mongo.getConverter().write(message, mapped);
			assertThat(MessageDocuments.of(message)).isEqualTo(mapped);
			assertThat(this.mongo.getConverter().read(Message.class, MessageDocuments.of(message))).isEqualTo(message);
		}
	}

}
