package com.pulse.messaging.user;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * What this service knows of a user, for display: fed by User Service events and, until an event
 * arrives, by the caller's own token claims.
 *
 * @param fromEvent whether a user event has set this entry (then token claims no longer change it)
 * @param eventAt when the last applied user event happened; older events are ignored
 */
@Document("user_cache")
public record UserProfile(@Id String userId, String username, String displayName, String avatarUrl, boolean deleted,
		boolean fromEvent, Instant eventAt, Instant updatedAt) {
}
