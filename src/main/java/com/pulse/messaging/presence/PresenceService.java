package com.pulse.messaging.presence;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.pulse.messaging.events.EventOutbox;
import com.pulse.messaging.events.EventTypes;
import com.pulse.messaging.events.OutboundEvent;
import com.pulse.messaging.system.Timestamps;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Service;

/**
 * Presence over Redis, correct across devices and instances: {@code presence:{user_id}} is the seed's hash
 * ({@code status}, {@code last_seen}, {@code connection_id}) with a TTL refreshed by heartbeats, and
 * {@code presence:{user_id}:connections} scores each open connection by the time it expires, so a
 * connection of an instance that died stops counting on its own.
 */
@Service
public class PresenceService {

	private static final RedisScript<Long> CONNECT = RedisScript.of("""
			redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
			redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
			redis.call('PEXPIRE', KEYS[2], ARGV[4])
			redis.call('HSET', KEYS[1], 'status', 'online', 'last_seen', ARGV[5], 'connection_id', ARGV[1])
			redis.call('PEXPIRE', KEYS[1], ARGV[4])
			return redis.call('ZCARD', KEYS[2])
			""", Long.class);

	private static final RedisScript<Long> DISCONNECT = RedisScript.of("""
			redis.call('ZREM', KEYS[2], ARGV[1])
			redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
			local left = redis.call('ZCARD', KEYS[2])
			if left == 0 then
			  redis.call('HSET', KEYS[1], 'status', 'offline', 'last_seen', ARGV[3])
			  redis.call('HDEL', KEYS[1], 'connection_id')
			  redis.call('PEXPIRE', KEYS[1], ARGV[4])
			end
			return left
			""", Long.class);

	private static final RedisScript<Long> REFRESH = RedisScript.of("""
			redis.call('ZADD', KEYS[2], 'XX', ARGV[2], ARGV[1])
			redis.call('PEXPIRE', KEYS[2], ARGV[3])
			redis.call('HSET', KEYS[1], 'last_seen', ARGV[4])
			redis.call('PEXPIRE', KEYS[1], ARGV[3])
			return 1
			""", Long.class);

	private static final RedisScript<List> READ = RedisScript.of("""
			redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
			local open = redis.call('ZCARD', KEYS[2])
			local lastSeen = redis.call('HGET', KEYS[1], 'last_seen')
			return {tostring(open), lastSeen or ''}
			""", List.class);

	private final ReactiveStringRedisTemplate redis;

	private final EventOutbox outbox;

	private final PresenceProperties properties;

	private final Clock clock;

	PresenceService(ReactiveStringRedisTemplate redis, EventOutbox outbox, PresenceProperties properties, Clock clock) {
		this.redis = redis;
		this.outbox = outbox;
		this.properties = properties;
		this.clock = clock;
	}

	/** A connection opened; emits the user's new presence when this was the first connection. */
	public Mono<PresenceStatus> connected(String userId, String connectionId) {
		Instant now = Timestamps.now(this.clock);
		long ttl = this.properties.ttl().toMillis();
		return this.redis
			.execute(CONNECT, keys(userId), List.of(connectionId, String.valueOf(now.toEpochMilli()),
					String.valueOf(now.toEpochMilli() + ttl), String.valueOf(ttl), Timestamps.format(now)))
			.next()
			.filter((count) -> count == 1)
			.flatMap((count) -> this.outbox
				.record(OutboundEvent.of(EventTypes.USER_ONLINE, now, new Online(userId, count, now)))
				.thenReturn(new PresenceStatus(userId, PresenceStatus.ONLINE, now)));
	}

	/** A connection closed; emits the user's new presence when it was the last one. */
	public Mono<PresenceStatus> disconnected(String userId, String connectionId) {
		Instant now = Timestamps.now(this.clock);
		long ttl = this.properties.ttl().toMillis();
		return this.redis
			.execute(DISCONNECT, keys(userId), List.of(connectionId, String.valueOf(now.toEpochMilli()),
					Timestamps.format(now), String.valueOf(ttl)))
			.next()
			.filter((left) -> left == 0)
			.flatMap((left) -> this.outbox
				.record(OutboundEvent.of(EventTypes.USER_OFFLINE, now, new Offline(userId, now)))
				.thenReturn(new PresenceStatus(userId, PresenceStatus.OFFLINE, now)));
	}

	/** Heartbeat: keeps these live connections (user id to connection ids) counted. */
	public Mono<Void> refresh(Map<String, ? extends Collection<String>> connectionsByUser) {
		Instant now = Timestamps.now(this.clock);
		long ttl = this.properties.ttl().toMillis();
		return Flux.fromIterable(connectionsByUser.entrySet())
			.flatMap((entry) -> Flux.fromIterable(entry.getValue())
				.flatMap((connectionId) -> this.redis.execute(REFRESH, keys(entry.getKey()),
						List.of(connectionId, String.valueOf(now.toEpochMilli() + ttl), String.valueOf(ttl),
								Timestamps.format(now)))), 64)
			.then();
	}

	public Mono<PresenceStatus> status(String userId) {
		String now = String.valueOf(this.clock.millis());
		return this.redis.execute(READ, keys(userId), List.of(now)).next().map((answer) -> {
			boolean online = Long.parseLong(String.valueOf(answer.get(0))) > 0;
			String lastSeen = answer.size() > 1 ? String.valueOf(answer.get(1)) : "";
			return new PresenceStatus(userId, online ? PresenceStatus.ONLINE : PresenceStatus.OFFLINE,
					lastSeen.isEmpty() || "null".equals(lastSeen) ? null : Instant.parse(lastSeen));
		});
	}

	public Mono<List<PresenceStatus>> statuses(Collection<String> userIds) {
		return Flux.fromIterable(userIds).flatMapSequential(this::status, 32).collectList();
	}

	private static List<String> keys(String userId) {
		List<String> keys = new ArrayList<>(2);
		keys.add("presence:" + userId);
		keys.add("presence:" + userId + ":connections");
		return keys;
	}

	/** {@code user.online} data. */
	record Online(String userId, long connectionCount, Instant at) {
	}

	/** {@code user.offline} data. */
	record Offline(String userId, Instant lastSeen) {
	}

}
