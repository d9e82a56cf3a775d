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
import com.pulse.messaging.system.LuaScript;
import org.springframework.stereotype.Service;

/**
 * Presence over Redis, correct across devices and instances: {@code presence:{user_id}} is the seed's hash
 * ({@code status}, {@code last_seen}, {@code connection_id}) with a TTL refreshed by heartbeats, and
 * {@code presence:{user_id}:connections} scores each open connection by the time it expires, so a
 * connection of an instance that died stops counting on its own. {@code presence:expiring} scores each
 * online user by the expiry of their latest connection, so that {@link #expire()} finds, on whichever
 * instance runs it first, the users whose every connection died without a close.
 */
@Service
public class PresenceService {

	private static final RedisScript<Long> CONNECT = LuaScript.of("""
			redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
			redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
			redis.call('PEXPIRE', KEYS[2], ARGV[4])
			redis.call('HSET', KEYS[1], 'status', 'online', 'last_seen', ARGV[5], 'connection_id', ARGV[1])
			redis.call('PEXPIRE', KEYS[1], ARGV[4])
			redis.call('ZADD', KEYS[3], ARGV[3], ARGV[6])
			return redis.call('ZCARD', KEYS[2])
			""", Long.class);

	private static final RedisScript<Long> DISCONNECT = LuaScript.of("""
			redis.call('ZREM', KEYS[2], ARGV[1])
			redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
			local left = redis.call('ZCARD', KEYS[2])
			if left == 0 then
			  redis.call('HSET', KEYS[1], 'status', 'offline', 'last_seen', ARGV[3])
			  redis.call('HDEL', KEYS[1], 'connection_id')
			  redis.call('PEXPIRE', KEYS[1], ARGV[4])
			  redis.call('ZREM', KEYS[3], ARGV[5])
			else
			  local latest = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
			  redis.call('ZADD', KEYS[3], latest[2], ARGV[5])
			end
			return left
			""", Long.class);

	private static final RedisScript<Long> REFRESH = LuaScript.of("""
			redis.call('ZADD', KEYS[2], 'XX', ARGV[2], ARGV[1])
			redis.call('PEXPIRE', KEYS[2], ARGV[3])
			redis.call('HSET', KEYS[1], 'last_seen', ARGV[4])
			redis.call('PEXPIRE', KEYS[1], ARGV[3])
			redis.call('ZADD', KEYS[3], ARGV[2], ARGV[5])
			return 1
			""", Long.class);

	/**
	 * Claims up to ARGV[3] users whose latest connection expired before ARGV[1]: drops their dead
	 * connections and answers {user, expiry, ...} for those left with none. A user with a live connection
	 * stays, rescored. Atomic, so one instance alone claims each user.
	 */
	private static final RedisScript<List> CLAIM_EXPIRED = LuaScript.of("""
			local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, ARGV[2])
			local gone = {}
			for i = 1, #due, 2 do
			  local user = due[i]
			  local connections = 'presence:' .. user .. ':connections'
			  redis.call('ZREMRANGEBYSCORE', connections, '-inf', ARGV[1])
			  local latest = redis.call('ZRANGE', connections, -1, -1, 'WITHSCORES')
			  if latest[2] then
			    redis.call('ZADD', KEYS[1], latest[2], user)
			  else
			    redis.call('ZREM', KEYS[1], user)
			    table.insert(gone, user)
			    table.insert(gone, due[i + 1])
			  end
			end
			return gone
			""", List.class);

	/** Marks a claimed user offline, unless a connection opened since the claim. */
	private static final RedisScript<Long> MARK_OFFLINE = LuaScript.of("""
			if redis.call('ZCARD', KEYS[2]) > 0 then
			  return 0
			end
			redis.call('HSET', KEYS[1], 'status', 'offline', 'last_seen', ARGV[1])
			redis.call('HDEL', KEYS[1], 'connection_id')
			redis.call('PEXPIRE', KEYS[1], ARGV[2])
			return 1
			""", Long.class);

	private static final RedisScript<List> READ = LuaScript.of("""
			redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
			local open = redis.call('ZCARD', KEYS[2])
			local lastSeen = redis.call('HGET', KEYS[1], 'last_seen')
			return {tostring(open), lastSeen or ''}
			""", List.class);

	private static final String EXPIRING = "presence:expiring";

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
					String.valueOf(now.toEpochMilli() + ttl), String.valueOf(ttl), Timestamps.format(now), userId))
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
					Timestamps.format(now), String.valueOf(ttl), userId))
			.next()
			.filter((left) -> left == 0)
			.flatMap((left) -> wentOffline(userId, now));
	}

	/**
	 * Users whose every connection expired without a close (their instance died or lost Redis): marks
	 * them offline, last seen at their last heartbeat, and emits each one's new presence. Claims at most
	 * {@code limit} users a call.
	 */
	public Flux<PresenceStatus> expire(int limit) {
		long ttl = this.properties.ttl().toMillis();
		return this.redis
			.execute(CLAIM_EXPIRED, List.of(EXPIRING), List.of(String.valueOf(this.clock.millis()), String.valueOf(limit)))
			.next()
			.flatMapIterable(PresenceService::claims)
			.concatMap((claim) -> {
				Instant lastSeen = Instant.ofEpochMilli(claim.expiry() - ttl);
				return this.redis
					.execute(MARK_OFFLINE, keys(claim.userId()),
							List.of(Timestamps.format(lastSeen), String.valueOf(ttl)))
					.next()
					.filter((marked) -> marked == 1)
					.flatMap((marked) -> wentOffline(claim.userId(), lastSeen));
			});
	}

	private Mono<PresenceStatus> wentOffline(String userId, Instant lastSeen) {
		return this.outbox.record(OutboundEvent.of(EventTypes.USER_OFFLINE, lastSeen, new Offline(userId, lastSeen)))
			.thenReturn(new PresenceStatus(userId, PresenceStatus.OFFLINE, lastSeen));
	}

	private record Claim(String userId, long expiry) {
	}

	private static List<Claim> claims(List<?> answer) {
		List<Claim> claims = new ArrayList<>(answer.size() / 2);
		for (int i = 0; i + 1 < answer.size(); i += 2) {
			claims.add(new Claim(String.valueOf(answer.get(i)), (long) Double.parseDouble(String.valueOf(answer.get(i + 1)))));
		}
		return claims;
	}

	/** Heartbeat: keeps these live connections (user id to connection ids) counted. */
	public Mono<Void> refresh(Map<String, ? extends Collection<String>> connectionsByUser) {
		Instant now = Timestamps.now(this.clock);
		long ttl = this.properties.ttl().toMillis();
		return Flux.fromIterable(connectionsByUser.entrySet())
			.flatMap((entry) -> Flux.fromIterable(entry.getValue())
				.flatMap((connectionId) -> this.redis.execute(REFRESH, keys(entry.getKey()),
						List.of(connectionId, String.valueOf(now.toEpochMilli() + ttl), String.valueOf(ttl),
								Timestamps.format(now), entry.getKey()))), 64)
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
		List<String> keys = new ArrayList<>(3);
		keys.add("presence:" + userId);
		keys.add("presence:" + userId + ":connections");
		keys.add(EXPIRING);
		return keys;
	}

	/** {@code user.online} data. */
	record Online(String userId, long connectionCount, Instant at) {
	}

	/** {@code user.offline} data. */
	record Offline(String userId, Instant lastSeen) {
	}

}
