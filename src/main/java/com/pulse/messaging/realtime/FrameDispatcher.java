package com.pulse.messaging.realtime;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import com.pulse.messaging.conversation.ConversationService;
import com.pulse.messaging.message.MessageService;
import com.pulse.messaging.presence.PresenceService;
import com.pulse.messaging.realtime.protocol.ClientFrame;
import com.pulse.messaging.realtime.protocol.FrameCodec;
import com.pulse.messaging.realtime.protocol.ServerFrame;
import com.pulse.messaging.system.ApiException;
import com.pulse.messaging.system.ErrorCode;
import com.pulse.messaging.system.ErrorMapping;
import com.pulse.messaging.system.MessagingMetrics;
import com.pulse.messaging.system.Validator;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/** Decodes each client frame, calls the one service method for it, and answers on the same connection. */
@Component
class FrameDispatcher {

	private static final Logger log = LoggerFactory.getLogger(FrameDispatcher.class);

	/** Longest a send may take to be stored once accepted; its batches time out well before. */
	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private static final int MAX_SUBSCRIBE = 200;

	private final FrameCodec codec;

	private final MessageService messages;

	private final ConversationService conversations;

	private final PresenceService presence;

	private final TypingRelay typing;

	private final SessionRegistry registry;

	private final RealtimeProperties properties;

	private final MessagingMetrics metrics;

	private final TokenLifetime lifetime;

	FrameDispatcher(FrameCodec codec, MessageService messages, ConversationService conversations,
			PresenceService presence, TypingRelay typing, SessionRegistry registry, RealtimeProperties properties,
			MessagingMetrics metrics, TokenLifetime lifetime) {
		this.lifetime = lifetime;
		this.codec = codec;
		this.messages = messages;
		this.conversations = conversations;
		this.presence = presence;
		this.typing = typing;
		this.registry = registry;
		this.properties = properties;
		this.metrics = metrics;
	}

	/** What a frame leaves for the connection's next steps, in frame order: a send to accept, or an answer. */
	sealed interface Step permits CheckedSend, Answered {
	}

	/** A send that passed its checks; it is accepted (its seq queued) in its turn. */
	record CheckedSend(JsonNode ref, MessageService.Checked checked, Timer.Sample received) implements Step {
	}

	/** An answer that goes out in its turn (a refused send's error). */
	record Answered(ServerFrame frame) implements Step {
	}

	/**
	 * Handles one text frame; the connection runs several side by side and takes their steps in frame order.
	 * A send is checked here and leaves a {@link Step}; every other frame is handled here and leaves nothing.
	 * Failures become {@code error} frames and the connection stays open.
	 */
	Mono<Step> dispatch(Connection connection, String text) {
		ClientFrame frame;
		try {
			frame = this.codec.decode(text);
		}
		catch (FrameCodec.RefException ex) {
			sendError(connection, ex.ref(), ex.error());
			return Mono.empty();
		}
		catch (ApiException ex) {
			sendError(connection, null, ex);
			return Mono.empty();
		}
		if (frame instanceof ClientFrame.Send send) {
			Timer.Sample received = Timer.start();
			return Mono.defer(() -> this.messages.check(connection.userId(), send.message()))
				.<Step>map((checked) -> new CheckedSend(send.ref(), checked, received))
				.onErrorResume((ex) -> {
					received.stop(this.metrics.sendLatency(true));
					return Mono.just(new Answered(errorFor(send.ref(), ex)));
				});
		}
		return Mono.defer(() -> handle(connection, frame)).onErrorResume((ex) -> {
			reply(connection, errorFor(frame.ref(), ex));
			return Mono.empty();
		}).then(Mono.empty());
	}

	/**
	 * Takes a step in frame order: a checked send is accepted now (its seq queued behind the sends before it)
	 * and answered once stored, within {@link #STORE_TIMEOUT} (a client's resend with the same
	 * {@code client_message_id} finds it if it was stored after all).
	 */
	Mono<ServerFrame> answer(Connection connection, Step step) {
		if (step instanceof Answered answered) {
			return Mono.just(answered.frame());
		}
		CheckedSend send = (CheckedSend) step;
		return this.messages.accept(send.checked(), connection.id())
			.stored()
			.timeout(STORE_TIMEOUT)
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("the send stored nothing")))
			.map((sent) -> {
				this.metrics.messageProcessed(true);
				return (ServerFrame) ServerFrame.Ack.message(send.ref(), sent.json());
			})
			.onErrorResume((ex) -> Mono.just(errorFor(send.ref(), ex)))
			.doOnNext((answer) -> send.received().stop(this.metrics.sendLatency(true)));
	}

	private ServerFrame errorFor(JsonNode ref, Throwable ex) {
		ApiException error = ErrorMapping.toApiException(ex);
		if (error.code() == ErrorCode.INTERNAL) {
			log.error("Frame handling failed", ex);
		}
		return errorFrame(ref, error);
	}

	private Mono<Void> handle(Connection connection, ClientFrame frame) {
		String userId = connection.userId();
		if (frame instanceof ClientFrame.Typing t) {
			return this.typing.handle(userId, t.conversationId(), t.state());
		}
		if (frame instanceof ClientFrame.Read read) {
			return read(connection, read);
		}
		if (frame instanceof ClientFrame.PresenceSubscribe subscribe) {
			return subscribe(connection, subscribe);
		}
		if (frame instanceof ClientFrame.AuthRefresh refresh) {
			return this.lifetime.refresh(connection, refresh.token())
				.doOnNext((expiresAt) -> reply(connection, ServerFrame.Ack.result(refresh.ref(), Map.of("expires_at", expiresAt))))
				.then();
		}
		if (frame instanceof ClientFrame.Sync sync) {
			return (sync.conversations() == null) ? syncState(connection)
					: replay(connection, sync.ref(), sync.conversations());
		}
		return Mono.fromRunnable(() -> reply(connection, new ServerFrame.Pong(frame.ref())));
	}

	private Mono<Void> read(Connection connection, ClientFrame.Read read) {
		Validator.create()
			.check(read.conversationId() != null, "conversation_id", "is required")
			.check(read.seq() != null, "seq", "is required")
			.throwIfInvalid();
		return this.conversations.markRead(connection.userId(), read.conversationId(), read.seq())
			.doOnNext((receipt) -> reply(connection, ServerFrame.Ack.result(read.ref(), receipt)))
			.then();
	}

	private Mono<Void> subscribe(Connection connection, ClientFrame.PresenceSubscribe subscribe) {
		List<String> ids = subscribe.userIds();
		Validator validator = Validator.create()
			.check(ids != null && !ids.isEmpty(), "user_ids", "must name at least one user")
			.check(ids == null || ids.size() <= MAX_SUBSCRIBE, "user_ids", "at most " + MAX_SUBSCRIBE + " user ids");
		if (ids != null) {
			for (int i = 0; i < ids.size() && i < MAX_SUBSCRIBE; i++) {
				validator.userId(ids.get(i), "user_ids[" + i + "]");
			}
		}
		validator.throwIfInvalid();
		Set<String> users = new LinkedHashSet<>(ids);
		if (!this.registry.follow(connection, users, this.properties.maxPresenceSubscriptions())) {
			throw ApiException.invalid("user_ids",
					"a connection follows at most " + this.properties.maxPresenceSubscriptions() + " users");
		}
		reply(connection, ServerFrame.Ack.result(subscribe.ref(), Map.of("user_ids", List.copyOf(users))));
		return this.presence.statuses(users)
			.doOnNext((statuses) -> statuses.forEach((s) -> reply(connection,
					new ServerFrame.Presence(s.userId(), s.status(), s.lastSeen()))))
			.then();
	}

	private Mono<Void> syncState(Connection connection) {
		return this.conversations.syncState(connection.userId())
			.doOnNext((entries) -> reply(connection, new ServerFrame.SyncState(entries.stream()
				.map((e) -> new ServerFrame.SyncEntry(e.id(), e.lastSeq(), e.unreadCount()))
				.toList())))
			.then();
	}

	/**
	 * Every message after each last seen seq, oldest first, then {@code sync.done}: streamed at the pace the
	 * client reads, since a replay may be far longer than the outbound buffer.
	 */
	private Mono<Void> replay(Connection connection, JsonNode ref, Map<String, Long> lastSeen) {
		Flux<ServerFrame> frames = Flux.defer(() -> {
			AtomicBoolean hasMore = new AtomicBoolean();
			return Flux.fromIterable(lastSeen.entrySet())
				.concatMap((entry) -> missed(connection, ref, entry.getKey(), entry.getValue(), hasMore))
				.concatWith(Mono.fromSupplier(() -> new ServerFrame.SyncDone(ref, hasMore.get())));
		});
		return connection.stream(frames.map(this.codec::encode));
	}

	private Flux<ServerFrame> missed(Connection connection, JsonNode ref, String conversationId, long after,
			AtomicBoolean hasMore) {
		return this.messages.missed(connection.userId(), conversationId, after, this.properties.syncLimit())
			.flatMapMany((page) -> {
				if (page.hasMore()) {
					hasMore.set(true);
				}
				return Flux.fromIterable(page.messages())
					.map((m) -> (ServerFrame) new ServerFrame.MessageEvent("message.new", m));
			})
			.onErrorResume(ApiException.class, (ex) -> Flux.just(errorFrame(ref, ex)));
	}

	private void reply(Connection connection, ServerFrame frame) {
		connection.send(this.codec.encode(frame));
	}

	void sendError(Connection connection, JsonNode ref, ApiException error) {
		reply(connection, errorFrame(ref, error));
	}

	private static ServerFrame errorFrame(JsonNode ref, ApiException error) {
		return new ServerFrame.Error(ref, error.code().code(), error.getMessage());
	}

}
