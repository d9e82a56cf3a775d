package com.pulse.messaging.support;

import java.time.Duration;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** Test access to the presence entries in Redis, to play an instance that died with sockets open. */
public final class PresenceEntries {

	private PresenceEntries() {
	}

	/**
	 * Makes one connection of a user look as if its heartbeats stopped long ago (its instance crashed): it
	 * expired a second ago. Answers the expiry written.
	 */
	public static long expire(ReactiveStringRedisTemplate redis, String userId, String connectionId) {
		long expiredAt = System.currentTimeMillis() - 1000;
		redis.opsForZSet().add("presence:" + userId + ":connections", connectionId, expiredAt).block(Duration.ofSeconds(5));
		redis.opsForZSet().add("presence:expiring", userId, expiredAt).block(Duration.ofSeconds(5));
		return expiredAt;
	}

}
