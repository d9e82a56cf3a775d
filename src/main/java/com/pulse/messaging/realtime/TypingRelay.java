package com.pulse.messaging.realtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.pulse.messaging.conversation.ConversationService;
import com.pulse.messaging.realtime.protocol.ServerFrame;
import com.pulse.messaging.system.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Typing indicators: relayed to the other participants, at most one {@code start} per user and
 * conversation each throttle period, and an automatic {@code stop} when a start is not renewed.
 */
@Component
class TypingRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TypingRelay.class);

	private static final Duration SWEEP = Duration.ofMillis(250);

	private final ConversationService conversations;

	private final RealtimeBus bus;

	private final RealtimeProperties properties;

	/**
	 * When each user last sent a {@code start} for a conversation (key {@code user|conversation}), relayed or
	 * not, member or not: a flood of starts is dropped before it reaches the database.
	 */
	private final Map<String, Long> attempts = new ConcurrentHashMap<>();

	/** Who is typing where (key {@code user|conversation}): when the last start was relayed, and to whom. */
	private final Map<String, Typing> typing = new ConcurrentHashMap<>();

	private volatile Disposable sweeper;

	TypingRelay(ConversationService conversations, RealtimeBus bus, RealtimeProperties properties) {
		this.conversations = conversations;
		this.bus = bus;
		this.properties = properties;
	}

	private record Typing(String userId, String conversationId, List<String> audience, long startedAt) {
	}

	Mono<Void> handle(String userId, String conversationId, String state) {
		boolean start = "start".equals(state);
		if (!start && !"stop".equals(state)) {
			return Mono.error(ApiException.invalid("state", "must be start or stop"));
		}
		if (conversationId == null) {
			return Mono.error(ApiException.invalid("conversation_id", "is required"));
		}
		String key = userId + "|" + conversationId;
		long now = System.nanoTime();
		// what the throttle drops is dropped before any database work: a flood costs no lookups
		if (start) {
			if (startedRecently(key, now) || throttled(key, now)) {
				return Mono.empty();
			}
			return this.conversations.requireMember(conversationId, userId).doOnNext((conversation) -> {
				List<String> audience = conversation.otherParticipantIds(userId);
				this.typing.put(key, new Typing(userId, conversation.id(), audience, now));
				// a member's starts are throttled by their typing entry (which a stop ends), not by attempts
				this.attempts.remove(key);
				relay(conversation.id(), userId, "start", audience);
			}).then();
		}
		Typing active = this.typing.remove(key);
		if (active != null) {
			relay(active.conversationId(), userId, "stop", active.audience());
			return Mono.empty();
		}
		if (throttled(key, now)) {
			return Mono.empty();
		}
		return this.conversations.requireMember(conversationId, userId)
			.doOnNext((conversation) -> relay(conversation.id(), userId, "stop", conversation.otherParticipantIds(userId)))
			.then();
	}

	/** Whether this user's start in this conversation was relayed within the throttle period. */
	private boolean startedRecently(String key, long now) {
		Typing previous = this.typing.get(key);
		return previous != null && now - previous.startedAt() < this.properties.typingThrottle().toNanos();
	}

	/**
	 * Whether a frame for this key that found no typing entry came within the throttle period (a stranger's,
	 * or a stop with nothing started); records this one otherwise.
	 */
	private boolean throttled(String key, long now) {
		long period = this.properties.typingThrottle().toNanos();
		boolean[] throttled = { false };
		this.attempts.compute(key, (k, last) -> {
			if (last != null && now - last < period) {
				throttled[0] = true;
				return last;
			}
			return now;
		});
		return throttled[0];
	}

	/** The user's connection closed: whatever it was typing stops. */
	void stopAll(String userId) {
		this.typing.values().removeIf((t) -> {
			if (t.userId().equals(userId)) {
				relay(t.conversationId(), userId, "stop", t.audience());
				return true;
			}
			return false;
		});
	}

	private void relay(String conversationId, String userId, String state, List<String> audience) {
		this.bus.toUsers(audience, new ServerFrame.Typing(conversationId, userId, state), null);
	}

	private void sweep() {
		long throttled = System.nanoTime() - this.properties.typingThrottle().toNanos();
		this.attempts.values().removeIf((at) -> at < throttled);
		long deadline = System.nanoTime() - this.properties.typingTimeout().toNanos();
		this.typing.values().removeIf((t) -> {
			if (t.startedAt() < deadline) {
				relay(t.conversationId(), t.userId(), "stop", t.audience());
				return true;
			}
			return false;
		});
	}

	@Override
	public void start() {
		this.sweeper = Flux.interval(SWEEP)
			.onBackpressureDrop()
			.doOnNext((tick) -> sweep())
			.subscribe(null, (error) -> log.error("Typing sweeper stopped", error));
	}

	@Override
	public void stop() {
		if (this.sweeper != null) {
			this.sweeper.dispose();
			this.sweeper = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.sweeper != null;
	}

}
