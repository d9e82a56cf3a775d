package com.pulse.messaging.realtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * WebSocket limits and timings.
 *
 * @param heartbeatInterval WebSocket ping interval; a connection that misses two pongs is closed
 * @param maxFrameBytes largest message, in one frame or reassembled from fragments (close 1009 past it)
 * @param outboundBuffer frames queued for a slow reader before it is closed with 1008
 * @param rateLimit frames a connection may send per second, sustained
 * @param rateBurst frames a connection may send at once
 * @param floodLimit frames refused for rate within one second before the connection is closed with 1008
 * @param typingThrottle at most one relayed {@code typing start} per user and conversation in this time
 * @param typingTimeout an unrenewed {@code typing start} is followed by a {@code stop} after this time
 * @param maxPresenceSubscriptions users one connection may follow with {@code presence.subscribe}
 * @param syncLimit most missed messages replayed per conversation by one {@code sync}
 * @param channel prefix of the Redis pub/sub channels between instances: each instance listens on {@code <channel>:<instance id>}
 * @param sendWindow sends of one connection being stored at once; the next frame waits past it
 */
@ConfigurationProperties("messaging.realtime")
public record RealtimeProperties(@DefaultValue("30s") Duration heartbeatInterval,
		@DefaultValue("65536") int maxFrameBytes, @DefaultValue("256") int outboundBuffer,
		@DefaultValue("200") int rateLimit, @DefaultValue("200") int rateBurst, @DefaultValue("100") int floodLimit,
		@DefaultValue("2s") Duration typingThrottle, @DefaultValue("6s") Duration typingTimeout,
		@DefaultValue("1000") int maxPresenceSubscriptions, @DefaultValue("1000") int syncLimit,
		@DefaultValue("messaging:realtime") String channel, @DefaultValue("16") int sendWindow) {
}
