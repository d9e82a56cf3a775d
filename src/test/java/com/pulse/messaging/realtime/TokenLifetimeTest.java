package com.pulse.messaging.realtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.pulse.messaging.realtime.protocol.FrameCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The timers of a socket's token lifetime, on virtual time: notice, expiry plus skew, cancellation. */
class TokenLifetimeTest {

	private static final Duration NOTICE = Duration.ofSeconds(60);

	private static final Duration SKEW = Duration.ofSeconds(30);

	private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	private final TokenLifetime lifetime = new TokenLifetime(null,
			new FrameCodec(JsonMapper.builder().build(), new SocketLimits(500, 20, NOTICE)), NOTICE, SKEW,
			new VirtualClock(this.time), this.time);

	private final Connection connection = new Connection("c1", "alice", 256, new RateLimiter(200, 200, 100, 0));

	private final List<String> sent = new CopyOnWriteArrayList<>();

	private final Disposable reader = this.connection.outbound().subscribe((frame) -> this.sent.add(String.valueOf(frame)));

	@AfterEach
	void stop() {
		this.reader.dispose();
	}

	@Test
	void warnsANoticeBeforeExpiryAndClosesWith4001AfterTheSkew() {
		Instant exp = now().plusSeconds(120);
		Disposable watch = this.lifetime.watch(this.connection, exp).subscribe();
		this.time.advanceTimeBy(Duration.ofSeconds(59));
		assertThat(this.sent).isEmpty();
		this.time.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(this.sent).singleElement().asString().contains("auth.expiring");
		this.time.advanceTimeBy(Duration.ofSeconds(60 + 29));
		assertThat(this.connection.closing()).as("never before exp + skew").isFalse();
		this.time.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(this.sent).hasSize(2);
		assertThat(this.sent.get(1)).contains("token_expired");
		assertThat(this.connection.closeStatus().getCode()).isEqualTo(4001);
		watch.dispose();
	}

	@Test
	void warnsAtOnceWhenLessThanTheNoticeRemains() {
		Disposable watch = this.lifetime.watch(this.connection, now().plusSeconds(10)).subscribe();
		this.time.advanceTimeBy(Duration.ZERO);
		assertThat(this.sent).singleElement().asString().contains("auth.expiring");
		watch.dispose();
	}

	@Test
	void anEndedSocketHasNoTimersLeft() {
		Disposable watch = this.lifetime.watch(this.connection, now().plusSeconds(120)).subscribe();
		watch.dispose();
		this.time.advanceTimeBy(Duration.ofMinutes(10));
		assertThat(this.sent).isEmpty();
		assertThat(this.connection.closing()).isFalse();
	}

	private Instant now() {
		return Instant.ofEpochMilli(this.time.now(TimeUnit.MILLISECONDS));
	}

	/** A clock that reads the virtual scheduler. */
	private static final class VirtualClock extends Clock {

		private final VirtualTimeScheduler time;

		VirtualClock(VirtualTimeScheduler time) {
			this.time = time;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochMilli(this.time.now(TimeUnit.MILLISECONDS));
		}

	}

}
