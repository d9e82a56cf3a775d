package com.pulse.messaging.user;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** One user blocking another; the id is {@code blocker|blocked}, so a block exists at most once. */
@Document("blocks")
record Block(@Id String id, String blockerId, String blockedId, Instant createdAt) {

	static String key(String blockerId, String blockedId) {
		return blockerId + "|" + blockedId;
	}

}
