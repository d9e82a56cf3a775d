package com.pulse.messaging.realtime;

import java.time.Duration;

import com.pulse.messaging.presence.PresenceProperties;
import com.pulse.messaging.presence.PresenceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps connections honest: a WebSocket ping to each every heartbeat interval (closing those that missed
 * two), a refresh of their presence entries in Redis, and a sweep for users whose connections all died
 * elsewhere without a close (an instance that crashed), who then go offline.
 */
@Component
class Heartbeats implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

	private static final int MISSED_PONGS_ALLOWED = 2;

	/** Users one sweep claims at most; the next sweep takes the rest. */
	private static final int EXPIRED_PER_SWEEP = 500;

	private final SessionRegistry registry;

	private final PresenceService presence;

	private final RealtimeProperties realtime;

	private final PresenceProperties presenceProperties;

	private final PresenceAnnouncer announcer;

	private volatile Disposable pinging;

	private volatile Disposable refreshing;

	private volatile Disposable sweeping;

	Heartbeats(SessionRegistry registry, PresenceService presence, RealtimeProperties realtime,
			PresenceProperties presenceProperties, PresenceAnnouncer announcer) {
		this.registry = registry;
		this.presence = presence;
		this.realtime = realtime;
		this.presenceProperties = presenceProperties;
		this.announcer = announcer;
	}

	void pingAll() {
		for (Connection connection : this.registry.all()) {
			if (connection.missedPongs() >= MISSED_PONGS_ALLOWED) {
				connection.close(Connection.HEARTBEAT_MISSED);
			}
			else {
				connection.ping();
			}
		}
	}

	Mono<Void> refreshPresence() {
		return this.presence.refresh(this.registry.connectionIdsByUser()).onErrorResume((error) -> {
			log.warn("Presence refresh failed: {}", error.toString());
			return Mono.empty();
		}).then(refreshRoutes());
	}

	/** The fan-out routes of this instance's connections and presence follows, on the presence rhythm. */
	Mono<Void> refreshRoutes() {
		return this.registry.refreshRoutes().onErrorResume((error) -> {
			log.warn("Fan-out route refresh failed: {}", error.toString());
			return Mono.empty();
		});
	}

	Mono<Void> sweepExpiredPresence() {
		return this.presence.expire(EXPIRED_PER_SWEEP)
			.concatMap(this.announcer::announce)
			.onErrorResume((error) -> {
				log.warn("Presence sweep failed: {}", error.toString());
				return Mono.empty();
			})
			.then();
	}

	@Override
	public void start() {
		Duration ping = this.realtime.heartbeatInterval();
		this.pinging = Flux.interval(ping, ping)
			.onBackpressureDrop()
			.doOnNext((tick) -> pingAll())
			.subscribe(null, (error) -> log.error("Heartbeat loop stopped", error));
		Duration refresh = this.presenceProperties.refreshInterval();
		this.refreshing = Flux.interval(refresh, refresh)
			.onBackpressureDrop()
			.concatMap((tick) -> refreshPresence())
			.subscribe(null, (error) -> log.error("Presence refresh loop stopped", error));
		Duration sweep = this.presenceProperties.sweepInterval();
		this.sweeping = Flux.interval(sweep, sweep)
			.onBackpressureDrop()
			.concatMap((tick) -> sweepExpiredPresence())
			.subscribe(null, (error) -> log.error("Presence sweep loop stopped", error));
	}

	@Override
	public void stop() {
		if (this.pinging != null) {
			this.pinging.dispose();
			this.refreshing.dispose();
			this.sweeping.dispose();
			this.pinging = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.pinging != null;
	}

}
