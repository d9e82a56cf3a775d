package com.pulse.messaging.realtime;

import java.time.Duration;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;

/** On shutdown, closes every socket with 1001 before the web server stops, so clients reconnect elsewhere. */
@Component
class GracefulClose implements SmartLifecycle {

	/** Stops before the web server's graceful shutdown (higher phases stop first). */
	static final int PHASE = DEFAULT_PHASE - 100;

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final SessionRegistry registry;

	private volatile boolean running;

	GracefulClose(SessionRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.registry.all().forEach((connection) -> connection.close(CloseStatus.GOING_AWAY));
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (this.registry.count() > 0 && System.nanoTime() < deadline) {
			// the shutdown thread, not an event loop: a short park while sockets close
			java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
