package com.pulse.messaging.user;

import java.time.Instant;

/** A user created, updated or deleted in the User Service. */
public record UserChange(String userId, String username, String displayName, String avatarUrl, boolean deleted,
		Instant occurredAt) {
}
