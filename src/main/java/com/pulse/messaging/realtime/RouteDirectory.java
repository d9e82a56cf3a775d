package com.pulse.messaging.realtime;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.pulse.messaging.presence.PresenceProperties;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Where users are connected, in Redis, so that a frame goes only to the instances that hold a connection of
 * one of its users. {@code realtime:conn:{user_id}} scores each open connection ({@code <instance>
 * <connection>}) by the time it expires; {@code realtime:follows:{user_id}} scores each instance that has a
 * connection following that user's presence. The instance refreshes both with the presence heartbeat (same
 * interval and TTL as {@code presence:{user_id}}), so the entries of an instance that died without a close
 * expire on their own; the braces are a Redis Cluster hash tag (each key is one slot). Reads skip expired
 * members, so an entry counts exactly while its owner keeps refreshing it.
 */
@Component
class RouteDirectory {

	static final String CONNECTIONS = "realtime:conn:";

	static final String FOLLOWS = "realtime:follows:";

	/** Adds members (ARGV[4..]) expiring at ARGV[1]; drops those expired by ARGV[3]; the key lives ARGV[2] ms. */
	private static final RedisScript<Long> ADD = RedisScript.of("""
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
			for i = 4, #ARGV do
			  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[i])
			end
			redis.call('PEXPIRE', KEYS[1], ARGV[2])
			return 1
			""", Long.class);

	/** Lookups in flight for one frame at most; Lettuce pipelines them on its one connection. */
	private static final int LOOKUP_CONCURRENCY = 256;

	/** This instance, new at every start, so a restarted instance never inherits a dead one's entries. */
	private final String instanceId = UUID.randomUUID().toString();

	private final ReactiveStringRedisTemplate redis;

	private final PresenceProperties presence;

	private final Clock clock;

	RouteDirectory(ReactiveStringRedisTemplate redis, PresenceProperties presence, Clock clock) {
		this.redis = redis;
		this.presence = presence;
		this.clock = clock;
	}

	/** Where one frame goes: the users each instance holds, and the instances following a presence. */
	record Targets(Map<String, Set<String>> usersByInstance, Set<String> followingInstances) {

		static final Targets NONE = new Targets(Map.of(), Set.of());

		Set<String> instances() {
			Set<String> all = new HashSet<>(this.usersByInstance.keySet());
			all.addAll(this.followingInstances);
			return all;
		}

	}

	String instanceId() {
		return this.instanceId;
	}

	/** Registers one open connection of {@code userId} on this instance. */
	Mono<Void> connected(String userId, String connectionId) {
		return add(connectionsKey(userId), List.of(member(this.instanceId, connectionId)));
	}

	Mono<Void> disconnected(String userId, String connectionId) {
		return this.redis.opsForZSet().remove(connectionsKey(userId), member(this.instanceId, connectionId)).then();
	}

	/** Marks this instance as following (or no longer following) the presence of {@code userId}. */
	Mono<Void> following(String userId, boolean follows) {
		String key = followsKey(userId);
		return follows ? add(key, List.of(this.instanceId)) : this.redis.opsForZSet().remove(key, this.instanceId).then();
	}

	/** Heartbeat: keeps this instance's connections (user id to connection ids) and follows alive. */
	Mono<Void> refresh(Map<String, List<String>> connectionsByUser, Collection<String> followed) {
		String instanceId = this.instanceId;
		Flux<Mono<Void>> connections = Flux.fromIterable(connectionsByUser.entrySet())
			.map((entry) -> add(connectionsKey(entry.getKey()),
					entry.getValue().stream().map((id) -> member(instanceId, id)).toList()));
		Flux<Mono<Void>> follows = Flux.fromIterable(followed).map((user) -> add(followsKey(user), List.of(instanceId)));
		return Flux.concat(connections, follows).flatMap((write) -> write, 64).then();
	}

	/**
	 * Where a frame for {@code users} (and for the followers of {@code presenceOf}, when not null) must go:
	 * one pipelined read per user, so the answer reflects every registration that completed before it.
	 */
	Mono<Targets> targets(Collection<String> users, String presenceOf) {
		String now = String.valueOf(this.clock.millis());
		Mono<Map<String, Set<String>>> byInstance = Flux.fromIterable(users)
			.flatMap((user) -> live(connectionsKey(user), now).map((member) -> new String[] { instanceOf(member), user }),
					LOOKUP_CONCURRENCY)
			.collect(HashMap::new, (map, pair) -> map.computeIfAbsent(pair[0], (k) -> new HashSet<>()).add(pair[1]));
		Mono<Set<String>> following = (presenceOf != null)
				? live(followsKey(presenceOf), now).collect(HashSet::new, Set::add) : Mono.just(Set.of());
		return Mono.zip(byInstance, following, Targets::new);
	}

	private Flux<String> live(String key, String now) {
		return this.redis.opsForZSet()
			.rangeByScore(key, Range.rightUnbounded(Range.Bound.inclusive(Double.parseDouble(now))));
	}

	private Mono<Void> add(String key, List<String> members) {
		if (members.isEmpty()) {
			return Mono.empty();
		}
		long now = this.clock.millis();
		long ttl = ttl().toMillis();
		List<String> args = new ArrayList<>(members.size() + 3);
		args.add(String.valueOf(now + ttl));
		args.add(String.valueOf(ttl));
		args.add(String.valueOf(now));
		args.addAll(members);
		return this.redis.execute(ADD, List.of(key), args).then();
	}

	/** How long an entry lives without a refresh: presence's TTL, refreshed on presence's interval. */
	Duration ttl() {
		return this.presence.ttl();
	}

	static String connectionsKey(String userId) {
		return CONNECTIONS + "{" + userId + "}";
	}

	static String followsKey(String userId) {
		return FOLLOWS + "{" + userId + "}";
	}

	private static String member(String instanceId, String connectionId) {
		return instanceId + " " + connectionId;
	}

	private static String instanceOf(String member) {
		int space = member.indexOf(' ');
		return (space < 0) ? member : member.substring(0, space);
	}

}
