package com.pulse.messaging.realtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.pulse.messaging.auth.JwtProperties;
import com.pulse.messaging.auth.JwtVerifier;
import com.pulse.messaging.realtime.protocol.FrameCodec;
import com.pulse.messaging.realtime.protocol.ServerFrame;
import com.pulse.messaging.system.ApiException;
import com.pulse.messaging.system.ErrorCode;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * A socket lives no longer than its token: {@code auth.expiring} a notice period before {@code exp} (at once
 * if less remains), then at {@code exp} plus the clock skew an {@code error token_expired} and close 4001.
 * {@code auth.refresh} with a valid token of the same user moves the expiry; the timers restart from it.
 */
@Component
class TokenLifetime {

	static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4001, "token_expired");

	private final JwtVerifier verifier;

	private final FrameCodec codec;

	private final Duration notice;

	private final Duration skew;

	private final Clock clock;

	private final Scheduler timers;

	/** The expiry of each watched connection, by connection id; a new value restarts its timers. */
	private final Map<String, Sinks.Many<Instant>> expiries = new ConcurrentHashMap<>();

	@Autowired
	TokenLifetime(JwtVerifier verifier, FrameCodec codec, SocketLimits limits, JwtProperties jwt, Clock clock) {
		this(verifier, codec, limits.tokenExpiryNotice(), jwt.clockSkew(), clock, Schedulers.parallel());
	}

	TokenLifetime(JwtVerifier verifier, FrameCodec codec, Duration notice, Duration skew, Clock clock,
			Scheduler timers) {
		this.verifier = verifier;
		this.codec = codec;
		this.notice = notice;
		this.skew = skew;
		this.clock = clock;
		this.timers = timers;
	}

	/**
	 * Warns and then closes the connection as its token nears and passes its expiry. Never completes: the
	 * caller cancels it when the socket ends.
	 */
	Mono<Void> watch(Connection connection, Instant expiresAt) {
		return Mono.defer(() -> {
			Sinks.Many<Instant> expiry = Sinks.many().replay().latest();
			expiry.tryEmitNext(expiresAt);
			this.expiries.put(connection.id(), expiry);
			return expiry.asFlux().switchMap((exp) -> timers(connection, exp)).then(Mono.<Void>never());
		}).doFinally((signal) -> this.expiries.remove(connection.id()));
	}

	private Flux<Void> timers(Connection connection, Instant expiresAt) {
		Instant now = this.clock.instant();
		Mono<Void> warn = Mono.delay(positive(Duration.between(now, expiresAt.minus(this.notice))), this.timers)
			.doOnNext((tick) -> connection.send(this.codec.encode(new ServerFrame.AuthExpiring(expiresAt))))
			.then();
		Mono<Void> expire = Mono.delay(positive(Duration.between(now, expiresAt.plus(this.skew))), this.timers)
			.doOnNext((tick) -> {
				connection.send(this.codec.encode(new ServerFrame.Error(null, ErrorCode.TOKEN_EXPIRED.code(),
						"The access token expired; reconnect with a fresh one")));
				connection.close(TOKEN_EXPIRED);
			})
			.then();
		return Flux.merge(warn, expire);
	}

	/**
	 * Checks the new token (every check of a handshake, and the same user) and moves the connection's expiry
	 * to its {@code exp}; an {@code unauthorized} failure leaves the old expiry.
	 */
	Mono<Instant> refresh(Connection connection, String token) {
		return this.verifier.verify(token).flatMap((principal) -> {
			if (!principal.getName().equals(connection.userId())) {
				return Mono.error(new ApiException(ErrorCode.UNAUTHORIZED, "The token names another user"));
			}
			Sinks.Many<Instant> expiry = this.expiries.get(connection.id());
			if (expiry != null) {
				expiry.tryEmitNext(principal.expiresAt());
			}
			return Mono.just(principal.expiresAt());
		});
	}

	private static Duration positive(Duration duration) {
		return duration.isNegative() ? Duration.ZERO : duration;
	}

}
