package com.pulse.messaging.conversation;

import com.fasterxml.jackson.annotation.JsonValue;

/** Direct (exactly two participants, one per pair) or group. */
public enum ConversationType {

	DIRECT, GROUP;

	@JsonValue
	public String wire() {
		return name().toLowerCase();
	}

}
