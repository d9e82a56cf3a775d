package com.pulse.messaging.conversation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.bson.types.ObjectId;

import com.pulse.messaging.system.ApiException;

/** Position in a conversation list: the last activity and id of the last conversation of a page. */
record ListCursor(Instant lastActivityAt, String id) {

	private static final String VERSION = "c1";

	String encode() {
		String raw = VERSION + ":" + this.lastActivityAt.toEpochMilli() + ":" + this.id;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

	/** Only a cursor this service issued decodes; anything else is a 400. */
	static ListCursor decode(String cursor) {
		try {
			String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			String[] parts = raw.split(":");
			if (parts.length != 3 || !VERSION.equals(parts[0]) || !ObjectId.isValid(parts[2])) {
				throw invalid();
			}
			return new ListCursor(Instant.ofEpochMilli(Long.parseLong(parts[1])), parts[2]);
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
	}

	private static ApiException invalid() {
		return ApiException.invalid("cursor", "is not a cursor this service issued");
	}

}
