package com.pulse.messaging.message;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.pulse.messaging.conversation.ConversationService;
import com.pulse.messaging.system.ApiException;
import com.pulse.messaging.system.ErrorCode;
import com.pulse.messaging.system.MessagingMetrics;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Keeps {@code seq} order the order in which messages become readable (API.md, "Ordering that sync can trust").
 * A conversation's visible end ({@code committed_seq}) moves past a seq only once every seq up to it is stored
 * or burned; history, sync, {@code last_seq}, unread counts and {@code message.new} stop at it.
 * <p>
 * The common case costs one batched update: the writer of seqs {@code first..last} moves the end from just
 * below {@code first}. When a lower seq is still in flight (another instance's, or an earlier batch's), the
 * writer checks which lower seqs are stored and moves the end itself once they all are; a seq still missing
 * at the deadline is burned (a stand-in takes its number), so a stalled or dead writer delays the others by
 * at most {@link SendProperties#commitTimeout()}, and its late write then fails instead of appearing behind
 * readers' backs.
 */
@Component
class VisibleOrder {

	/** Far more than a deadline's worth of waits; only a conversation under a storm of conflicting moves gets here. */
	private static final int MAX_ATTEMPTS = 500;

	private static final Duration MAX_WAIT = Duration.ofMillis(20);

	private final ConversationService conversations;

	private final MessageStore store;

	private final Clock clock;

	private final MessagingMetrics metrics;

	VisibleOrder(ConversationService conversations, MessageStore store, Clock clock, MessagingMetrics metrics) {
		this.conversations = conversations;
		this.store = store;
		this.clock = clock;
		this.metrics = metrics;
	}

	/** Makes the stored (or burned) {@code seq} visible, after every lower seq of the conversation. */
	Mono<Void> commit(String conversationId, long seq, Instant deadline) {
		return this.conversations.commitSeqs(conversationId, seq, seq)
			.flatMap((done) -> {
				if (done) {
					return Mono.empty();
				}
				this.metrics.commitWaited();
				return help(conversationId, seq, deadline, 0);
			});
	}

	/** Burns a seq whose send failed or was a repeat, so the sends after it need not wait for it. */
	Mono<Void> burn(String conversationId, long seq) {
		this.metrics.seqsBurned(1);
		return this.store.burn(conversationId, List.of(seq));
	}

	/** Completes once {@code seq}, which is stored, is visible (a repeated send answers only then). */
	Mono<Void> awaitVisible(String conversationId, long seq, Instant deadline) {
		return help(conversationId, seq, deadline, 0);
	}

	private Mono<Void> help(String conversationId, long seq, Instant deadline, int attempt) {
		if (attempt >= MAX_ATTEMPTS) {
			return Mono.error(new ApiException(ErrorCode.UNAVAILABLE, "The message could not be ordered, try again"));
		}
		return this.conversations.visibleSeq(conversationId).flatMap((visible) -> {
			if (visible >= seq) {
				return Mono.<Void>empty();
			}
			return this.store.takenSeqs(conversationId, visible, seq).flatMap((taken) -> {
				List<Long> missing = missing(visible, seq, taken);
				if (missing.isEmpty()) {
					// every seq below ours is stored: move the end ourselves (false: someone moved it first)
					return this.conversations.advanceVisibleSeq(conversationId, visible, seq)
						.then(Mono.defer(() -> help(conversationId, seq, deadline, attempt + 1)));
				}
				if (!this.clock.instant().isBefore(deadline)) {
					this.metrics.seqsBurned(missing.size());
					return this.store.burn(conversationId, missing)
						.then(Mono.defer(() -> help(conversationId, seq, deadline, attempt + 1)));
				}
				return Mono.delay(wait(attempt)).then(Mono.defer(() -> help(conversationId, seq, deadline, attempt + 1)));
			});
		});
	}

	private static List<Long> missing(long visible, long seq, Set<Long> taken) {
		List<Long> missing = new ArrayList<>();
		for (long s = visible + 1; s < seq; s++) {
			if (!taken.contains(s)) {
				missing.add(s);
			}
		}
		return missing;
	}

	/** 1, 2, 4 … ms, at most {@link #MAX_WAIT}: a healthy writer stores within a round trip or two. */
	private static Duration wait(int attempt) {
		return Duration.ofMillis(Math.min(MAX_WAIT.toMillis(), 1L << Math.min(attempt, 10)));
	}

}
