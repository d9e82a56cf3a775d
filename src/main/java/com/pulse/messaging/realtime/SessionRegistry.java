package com.pulse.messaging.realtime;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.pulse.messaging.system.MessagingMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

import org.springframework.stereotype.Component;

/**
 * The one owner of this instance's live connections, by user and by presence subscription, and of their
 * entries in the {@link RouteDirectory}, through which other instances find them.
 */
@Component
class SessionRegistry {

	private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);

	/** Bounds a registration in Redis on connect; past it the connection opens anyway (local delivery works). */
	private static final Duration REGISTRATION_TIMEOUT = Duration.ofSeconds(2);

	private static final int FOLLOW_CHANGES = 16_384;

	private final Map<String, Set<Connection>> byUser = new ConcurrentHashMap<>();

	private final Map<String, Set<Connection>> presenceFollowers = new ConcurrentHashMap<>();

	private final Map<String, Connection> byId = new ConcurrentHashMap<>();

	private final RouteDirectory directory;

	/** Users whose first follower here came or whose last one went; written to Redis one at a time, in order. */
	private volatile Sinks.Many<String> followChanges = newFollowChanges();

	SessionRegistry(MessagingMetrics metrics, RouteDirectory directory) {
		this.directory = directory;
		metrics.gauge("websocket.connections.active", "Open WebSocket connections on this instance", this::count);
	}

	/**
	 * Makes a connection about to open findable by every instance. The socket serves nothing (the
	 * {@code connected} frame included) before this completes, so a client that proceeds on {@code connected}
	 * and sends {@code sync} is covered either way: a message whose fan-out looked its routes up after this
	 * write reaches the connection; one whose fan-out looked them up before was stored before, so that
	 * {@code sync}, which reads after, returns it. Redis away: the connection opens after the timeout with
	 * local delivery only, as other instances' frames are dropped anyway.
	 */
	Mono<Void> register(String userId, String connectionId) {
		return this.directory.connected(userId, connectionId)
			.timeout(REGISTRATION_TIMEOUT)
			.onErrorResume((error) -> {
				log.warn("Connection not registered in Redis: {}", error.toString());
				return Mono.empty();
			});
	}

	/** The connection closed: other instances stop sending its user's frames here if it was the last. */
	Mono<Void> unregister(Connection connection) {
		return this.directory.disconnected(connection.userId(), connection.id())
			.timeout(REGISTRATION_TIMEOUT)
			.onErrorResume((error) -> Mono.empty());
	}

	/** Heartbeat: refreshes this instance's connections and presence follows in Redis. */
	Mono<Void> refreshRoutes() {
		return this.directory.refresh(connectionIdsByUser(), List.copyOf(this.presenceFollowers.keySet()));
	}

	/**
	 * Writes follow changes to Redis as they come, one at a time: each write states whether the user is
	 * followed here at the moment it runs, so a follow and an unfollow that race end in the right state.
	 */
	Flux<Void> followWrites() {
		// a fresh queue for each run of the bus (a stop and start loses pending changes; the heartbeat repairs)
		this.followChanges = newFollowChanges();
		return this.followChanges.asFlux()
			.concatMap((userId) -> this.directory.following(userId, this.presenceFollowers.containsKey(userId))
				.timeout(REGISTRATION_TIMEOUT)
				.onErrorResume((error) -> Mono.empty()));
	}

	private void followChanged(String userId) {
		Sinks.Many<String> changes = this.followChanges;
		synchronized (changes) {
			// a change that does not fit is made good by the next heartbeat (follows) or the TTL (unfollows)
			changes.tryEmitNext(userId);
		}
	}

	private static Sinks.Many<String> newFollowChanges() {
		return Sinks.many().unicast().onBackpressureBuffer(Queues.<String>get(FOLLOW_CHANGES).get());
	}

	void add(Connection connection) {
		this.byId.put(connection.id(), connection);
		this.byUser.compute(connection.userId(), (u, set) -> {
			Set<Connection> connections = (set != null) ? set : ConcurrentHashMap.newKeySet();
			connections.add(connection);
			return connections;
		});
	}

	void remove(Connection connection) {
		this.byId.remove(connection.id());
		this.byUser.computeIfPresent(connection.userId(), (u, set) -> {
			set.remove(connection);
			return set.isEmpty() ? null : set;
		});
		for (String followed : connection.presenceSubscriptions()) {
			Set<Connection> left = this.presenceFollowers.computeIfPresent(followed, (u, set) -> {
				set.remove(connection);
				return set.isEmpty() ? null : set;
			});
			if (left == null) {
				followChanged(followed);
			}
		}
	}

	Set<Connection> connectionsOf(String userId) {
		return this.byUser.getOrDefault(userId, Set.of());
	}

	Set<Connection> followersOf(String userId) {
		return this.presenceFollowers.getOrDefault(userId, Set.of());
	}

	/** Follows these users' presence; false when the connection would pass its limit. */
	boolean follow(Connection connection, Collection<String> userIds, int limit) {
		long fresh = userIds.stream().filter((id) -> !connection.presenceSubscriptions().contains(id)).count();
		if (connection.presenceSubscriptions().size() + fresh > limit) {
			return false;
		}
		for (String userId : userIds) {
			connection.presenceSubscriptions().add(userId);
			boolean[] first = new boolean[1];
			// added inside compute, so a concurrent removal never drops the set this connection joins
			this.presenceFollowers.compute(userId, (u, set) -> {
				Set<Connection> followers = set;
				if (followers == null) {
					first[0] = true;
					followers = ConcurrentHashMap.newKeySet();
				}
				followers.add(connection);
				return followers;
			});
			if (first[0]) {
				followChanged(userId);
			}
		}
		return true;
	}

	Collection<Connection> all() {
		return this.byId.values();
	}

	int count() {
		return this.byId.size();
	}

	/** User id to the ids of their connections here, for the presence heartbeat. */
	Map<String, List<String>> connectionIdsByUser() {
		Map<String, List<String>> ids = new HashMap<>();
		this.byUser.forEach((user, set) -> ids.put(user, set.stream().map(Connection::id).toList()));
		return ids;
	}

}
