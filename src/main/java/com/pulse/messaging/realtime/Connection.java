package com.pulse.messaging.realtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

import org.springframework.web.reactive.socket.CloseStatus;

/**
 * One open socket: its bounded outbound queue, its rate limit, heartbeat state and presence
 * subscriptions. Frames are queued as text; a reader that lets the queue fill up is closed.
 */
final class Connection {

	/** Marker queued to send a WebSocket ping. */
	static final Object PING = new Object();

	static final CloseStatus SLOW_READER = CloseStatus.POLICY_VIOLATION.withReason("outbound buffer full");

	static final CloseStatus FLOODING = CloseStatus.POLICY_VIOLATION.withReason("rate limit exceeded");

	static final CloseStatus HEARTBEAT_MISSED = CloseStatus.POLICY_VIOLATION.withReason("heartbeat missed");

	private final String id;

	private final String userId;

	private final Sinks.Many<Object> outbound;

	private final Sinks.One<CloseStatus> closeRequest = Sinks.one();

	private final RateLimiter limiter;

	private final Set<String> presenceSubscriptions = ConcurrentHashMap.newKeySet();

	private volatile int missedPongs;

	Connection(String id, String userId, int outboundBuffer, RateLimiter limiter) {
		this.id = id;
		this.userId = userId;
		this.outbound = Sinks.many().unicast().onBackpressureBuffer(Queues.<Object>get(outboundBuffer).get());
		this.limiter = limiter;
	}

	String id() {
		return this.id;
	}

	String userId() {
		return this.userId;
	}

	/** Queues a text frame; closes the connection (1008) when its buffer is full. */
	void send(String frame) {
		enqueue(frame);
	}

	void ping() {
		this.missedPongs++;
		enqueue(PING);
	}

	int missedPongs() {
		return this.missedPongs;
	}

	void alive() {
		this.missedPongs = 0;
	}

	private void enqueue(Object item) {
		Sinks.EmitResult result;
		synchronized (this) {
			result = this.outbound.tryEmitNext(item);
		}
		if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
			close(SLOW_READER);
		}
	}

	Flux<Object> outbound() {
		return this.outbound.asFlux();
	}

	/** Stops the outbound stream once the peer is gone. */
	void completeOutbound() {
		synchronized (this) {
			this.outbound.tryEmitComplete();
		}
	}

	/** Asks the socket to close with this status (the first request wins). */
	void close(CloseStatus status) {
		this.closeRequest.tryEmitValue(status);
	}

	Mono<CloseStatus> closeRequested() {
		return this.closeRequest.asMono();
	}

	RateLimiter limiter() {
		return this.limiter;
	}

	Set<String> presenceSubscriptions() {
		return this.presenceSubscriptions;
	}

}
