package com.pulse.messaging.presence;

import java.time.Instant;

/** A user's presence: {@code online} while any connection anywhere is open. */
public record PresenceStatus(String userId, String status, Instant lastSeen) {

	public static final String ONLINE = "online";

	public static final String OFFLINE = "offline";

	public boolean online() {
		return ONLINE.equals(this.status);
	}

}
