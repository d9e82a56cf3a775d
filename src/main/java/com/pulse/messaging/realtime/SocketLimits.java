package com.pulse.messaging.realtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Abuse limits of sockets (beside {@link RealtimeProperties}, same prefix).
 *
 * @param maxSyncConversations conversations one {@code sync} map may name; more is refused whole
 * @param maxConnectionsPerUser sockets one user may hold on one instance; a new one past it closes the
 * oldest with 4008 ({@code MAX_CONNECTIONS_PER_USER})
 * @param tokenExpiryNotice how long before its token's {@code exp} a socket is told {@code auth.expiring}
 */
@ConfigurationProperties("messaging.realtime")
public record SocketLimits(@DefaultValue("500") int maxSyncConversations, @DefaultValue("20") int maxConnectionsPerUser,
		@DefaultValue("60s") Duration tokenExpiryNotice) {
}
