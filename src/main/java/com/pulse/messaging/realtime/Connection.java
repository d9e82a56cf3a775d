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
 * subscriptions. Frames are queued as text; a reader that lets the queue fill up is closed. Long runs of
 * frames (a sync replay) are streamed at the pace the peer reads instead of being queued whole.
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

	/** Replays waiting their turn: one runs at a time, the dispatcher waits for it before the next frame. */
	private final Sinks.Many<Flux<String>> streams = Sinks.many().unicast().onBackpressureBuffer(Queues.<Flux<String>>get(2).get());

	private final Sinks.One<CloseStatus> closeRequest = Sinks.one();

	/** A close that must not wait for the queue: the peer is not reading it anyway. */
	private final Sinks.One<CloseStatus> urgentClose = Sinks.one();

	private volatile CloseStatus closeStatus;

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
			closeNow(SLOW_READER);
		}
	}

	/**
	 * Queues a run of frames that is pulled only as fast as the socket writes, so it never counts against
	 * the outbound buffer; completes (or fails) when the run has been handed to the socket or the connection
	 * ends.
	 */
	Mono<Void> stream(Flux<String> frames) {
		Sinks.Empty<Void> done = Sinks.empty();
		Flux<String> run = frames.doOnComplete(done::tryEmitEmpty).doOnCancel(done::tryEmitEmpty).onErrorResume((ex) -> {
			done.tryEmitError(ex);
			return Flux.empty();
		});
		Sinks.EmitResult result;
		synchronized (this) {
			result = this.streams.tryEmitNext(run);
		}
		return result.isSuccess() ? done.asMono() : Mono.empty();
	}

	/** Queued frames and streamed runs, in one flow; ends once the outbound side is completed and drained. */
	Flux<Object> outbound() {
		Flux<String> runs = this.streams.asFlux().concatMap((run) -> run, 1).takeUntilOther(closeRequested());
		// an urgent close drops what is queued; the close frame then follows what the socket already took
		return Flux.merge(this.outbound.asFlux(), runs).takeUntilOther(urgentClose());
	}

	/** Accepts no more frames; what is queued is still written. */
	void completeOutbound() {
		synchronized (this) {
			this.outbound.tryEmitComplete();
			this.streams.tryEmitComplete();
		}
	}

	/**
	 * Asks the socket to close with this status (the first request wins) once the frames already queued
	 * (an error explaining the close, say) are written.
	 */
	void close(CloseStatus status) {
		synchronized (this) {
			if (this.closeStatus != null) {
				return;
			}
			this.closeStatus = status;
		}
		this.closeRequest.tryEmitValue(status);
		completeOutbound();
	}

	/** Closes at once, dropping what is queued: for a reader whose queue is full (it resyncs on reconnect). */
	void closeNow(CloseStatus status) {
		close(status);
		this.urgentClose.tryEmitValue(status);
	}

	Mono<CloseStatus> urgentClose() {
		return this.urgentClose.asMono();
	}

	/** Whether a close has been asked for: frames that still arrive are not answered. */
	boolean closing() {
		return this.closeStatus != null;
	}

	/** The status to close with once the outbound side has drained: the one asked for, else a normal close. */
	CloseStatus closeStatus() {
		CloseStatus status = this.closeStatus;
		return (status != null) ? status : CloseStatus.NORMAL;
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
