package com.pulse.messaging.presence;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Presence in Redis.
 *
 * @param ttl how long a presence entry lives without a heartbeat (the seed's 5 minutes)
 * @param refreshInterval how often live connections refresh their entries; well under {@code ttl}
 * @param sweepInterval how often an instance looks for users whose connections all expired without a close
 *     (they go offline at most this long after their entries expire)
 */
@ConfigurationProperties("messaging.presence")
public record PresenceProperties(@DefaultValue("5m") Duration ttl, @DefaultValue("60s") Duration refreshInterval,
		@DefaultValue("15s") Duration sweepInterval) {
}
