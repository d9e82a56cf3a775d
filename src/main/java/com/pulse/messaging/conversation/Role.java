package com.pulse.messaging.conversation;

import com.fasterxml.jackson.annotation.JsonValue;

/** A participant's role in a group; direct conversations have members only. */
public enum Role {

	ADMIN, MEMBER;

	@JsonValue
	public String wire() {
		return name().toLowerCase();
	}

	static Role parse(String value) {
		if ("admin".equals(value)) {
			return ADMIN;
		}
		if ("member".equals(value)) {
			return MEMBER;
		}
		return null;
	}

}
