package com.pulse.messaging.realtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * At most {@link SocketLimits#maxConnectionsPerUser()} sockets per user on this instance: a new socket past
 * the cap closes that user's oldest with 4008 ({@code too_many_connections}). Per instance: a user spread
 * over N instances may hold N times the cap (a load balancer without affinity spreads them; see README).
 */
@Component
class ConnectionCap {

	static final CloseStatus TOO_MANY_CONNECTIONS = new CloseStatus(4008, "too_many_connections");

	/** Each user's open connections, oldest first; a deque is only touched inside the map's atomic compute. */
	private final Map<String, Deque<Connection>> byUser = new ConcurrentHashMap<>();

	private final SocketLimits limits;

	ConnectionCap(SocketLimits limits) {
		this.limits = limits;
	}

	/** Counts a new connection in; closes the user's oldest ones past the cap. */
	void admit(Connection connection) {
		List<Connection> evicted = new ArrayList<>();
		this.byUser.compute(connection.userId(), (user, open) -> {
			Deque<Connection> connections = (open != null) ? open : new ArrayDeque<>();
			connections.addLast(connection);
			while (connections.size() > this.limits.maxConnectionsPerUser()) {
				evicted.add(connections.pollFirst());
			}
			return connections;
		});
		evicted.forEach((oldest) -> oldest.close(TOO_MANY_CONNECTIONS));
	}

	/** The connection ended. */
	void release(Connection connection) {
		this.byUser.computeIfPresent(connection.userId(), (user, open) -> {
			open.remove(connection);
			return open.isEmpty() ? null : open;
		});
	}

}
