package com.pulse.messaging.realtime;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.pulse.messaging.system.MessagingMetrics;

import org.springframework.stereotype.Component;

/** The one owner of this instance's live connections, by user and by presence subscription. */
@Component
class SessionRegistry {

	private final Map<String, Set<Connection>> byUser = new ConcurrentHashMap<>();

	private final Map<String, Set<Connection>> presenceFollowers = new ConcurrentHashMap<>();

	private final Map<String, Connection> byId = new ConcurrentHashMap<>();

	SessionRegistry(MessagingMetrics metrics) {
		metrics.gauge("websocket.connections.active", "Open WebSocket connections on this instance", this::count);
	}

	void add(Connection connection) {
		this.byId.put(connection.id(), connection);
		this.byUser.computeIfAbsent(connection.userId(), (u) -> ConcurrentHashMap.newKeySet()).add(connection);
	}

	void remove(Connection connection) {
		this.byId.remove(connection.id());
		this.byUser.computeIfPresent(connection.userId(), (u, set) -> {
			set.remove(connection);
			return set.isEmpty() ? null : set;
		});
		for (String followed : connection.presenceSubscriptions()) {
			this.presenceFollowers.computeIfPresent(followed, (u, set) -> {
				set.remove(connection);
				return set.isEmpty() ? null : set;
			});
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
			this.presenceFollowers.computeIfAbsent(userId, (u) -> ConcurrentHashMap.newKeySet()).add(connection);
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
