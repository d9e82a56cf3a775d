package com.pulse.messaging.realtime;

/**
 * A token bucket per connection (one reader thread at a time, so no locking), plus a flood count: frames
 * refused within the current second.
 */
final class RateLimiter {

	private static final long SECOND = 1_000_000_000L;

	private final double perNano;

	private final int burst;

	private final int floodLimit;

	private double tokens;

	private long refilledAt;

	private long windowStart;

	private int refusedInWindow;

	RateLimiter(int perSecond, int burst, int floodLimit, long now) {
		this.perNano = perSecond / (double) SECOND;
		this.burst = burst;
		this.floodLimit = floodLimit;
		this.tokens = burst;
		this.refilledAt = now;
		this.windowStart = now;
	}

	/** The verdict on one incoming frame. */
	enum Verdict {

		/** Handle the frame. */
		ALLOW,
		/** Refuse the frame and say so: the first refusal of a second. */
		REFUSE,
		/** Refuse the frame silently: the client was told this second already. */
		DROP,
		/** The client keeps flooding: close the connection. */
		CLOSE

	}

	Verdict acquire(long now) {
		this.tokens = Math.min(this.burst, this.tokens + (now - this.refilledAt) * this.perNano);
		this.refilledAt = now;
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return Verdict.ALLOW;
		}
		if (now - this.windowStart >= SECOND) {
			this.windowStart = now;
			this.refusedInWindow = 0;
		}
		int refused = ++this.refusedInWindow;
		if (refused > this.floodLimit) {
			return Verdict.CLOSE;
		}
		return (refused == 1) ? Verdict.REFUSE : Verdict.DROP;
	}

}
