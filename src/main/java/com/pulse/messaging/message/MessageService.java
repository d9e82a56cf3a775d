package com.pulse.messaging.message;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.pulse.messaging.conversation.Conversation;
import com.pulse.messaging.conversation.ConversationService;
import com.pulse.messaging.conversation.ReadReceipt;
import com.pulse.messaging.events.EventOutbox;
import com.pulse.messaging.events.EventTypes;
import com.pulse.messaging.events.OutboundEvent;
import com.pulse.messaging.system.ApiException;
import com.pulse.messaging.system.ErrorCode;
import com.pulse.messaging.system.RawJson;
import com.pulse.messaging.system.Timestamps;
import com.pulse.messaging.user.BlockService;
import org.bson.types.ObjectId;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/** Messages: send (REST and WebSocket alike), history, edit, delete, reactions, search, read by message. */
@Service
public class MessageService {

	private final MessageStore store;

	private final ConversationService conversations;

	private final BlockService blocks;

	private final EventOutbox outbox;

	private final ObjectProvider<MessageListener> listeners;

	private volatile List<MessageListener> resolvedListeners;

	private final ConversationFacts facts = new ConversationFacts();

	private final VisibleOrder order;

	private final SendProperties properties;

	private final JsonMapper json;

	private final Clock clock;

	MessageService(MessageStore store, ConversationService conversations, BlockService blocks, EventOutbox outbox,
			ObjectProvider<MessageListener> listeners, JsonMapper json, Clock clock, VisibleOrder order,
			SendProperties properties) {
		this.order = order;
		this.properties = properties;
		this.store = store;
		this.conversations = conversations;
		this.blocks = blocks;
		this.outbox = outbox;
		this.listeners = listeners;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * The stored message and whether this call stored it (false: an idempotent repeat).
	 * @param json the message's JSON, encoded once for every frame and event that carries it
	 */
	public record Sent(MessageView message, boolean created, RawJson json) {
	}

	/** A history page, ascending by seq. */
	public record HistoryPage(List<MessageView> messages, boolean hasMore) {
	}

	/** A search page, newest first. */
	public record SearchPage(List<MessageView> messages, String nextCursor) {
	}

	// ---------------------------------------------------------------- send

	/** A send that passed every check: who sends what where. */
	public record Checked(String senderId, String conversationId, SendMessage command) {
	}

	/**
	 * A send whose place is fixed: its seq reservation is queued. {@code stored} writes it and answers once it is
	 * durable and visible.
	 */
	public record Accepted(Mono<Sent> stored) {
	}

	/**
	 * Stores a message and answers once it is durable and visible. The {@code message.sent} event is recorded
	 * first, guarded by the message id, so a crash between the two writes never loses nor invents an event.
	 * @param originSession the sending WebSocket connection (it gets the message in its ack), or null
	 */
	public Mono<Sent> send(String senderId, SendMessage command, String originSession) {
		return check(senderId, command).map((checked) -> accept(checked, originSession)).flatMap(Accepted::stored);
	}

	/** The first step of a send: every check that can refuse it, before any write. */
	public Mono<Checked> check(String senderId, SendMessage command) {
		return Mono.fromRunnable(() -> MessageRules.validate(senderId, command))
			.then(Mono.defer(() -> target(senderId, command)))
			.map((conversationId) -> new Checked(senderId, conversationId, command));
	}

	/**
	 * The second step: queues the seq reservation now (it also proves membership). Sends accepted one after
	 * another get increasing seqs even while they are stored side by side, so a WebSocket connection keeps its
	 * order without waiting for each reservation. A repeated {@code client_message_id} is found when its insert
	 * collides, not by a lookup before every send: repeats are rare, and the collision costs only a burned seq.
	 */
	public Accepted accept(Checked checked, String originSession) {
		Instant now = Timestamps.now(this.clock);
		SendMessage command = checked.command();
		String senderId = checked.senderId();
		String key = Message.idempotencyKey(senderId, command.clientMessageId());
		Mono<Sent> stored = this.conversations.reserveSeq(checked.conversationId(), senderId, now)
			.flatMap((conversation) -> persist(conversation,
					new Message(new ObjectId().toHexString(), conversation.id(), conversation.lastSeq(), senderId,
							MessageRules.typeOf(command), MessageRules.contentOf(command), command.attachments(),
							command.replyTo(), MessageRules.mentions(command), command.clientMessageId(), key, now, null,
							false, Map.of()),
					originSession));
		// once its seq is reserved a send runs to its end even if the caller leaves (a closed socket, a dropped
		// request): a write cut off between its insert and its commit would leave the seq invisible until the
		// conversation's next send, and the recipients without their message.new
		return new Accepted(Mono.fromFuture(stored.toFuture(), true));
	}

	/**
	 * The conversation to send to, with every check that can refuse the send. They run before a seq is
	 * reserved, so a refused send changes nothing: no burnt seq, no jump to the top of the list.
	 */
	private Mono<String> target(String senderId, SendMessage command) {
		if (command.conversationId() != null) {
			ConversationFacts.Facts facts = this.facts.get(command.conversationId());
			if (facts != null && facts.includes(senderId) && command.replyTo() == null) {
				Mono<Void> blocked = facts.direct()
						? checkBlocked(facts.pair().stream().filter((id) -> !id.equals(senderId)).toList(), senderId)
						: Mono.empty();
				return blocked.thenReturn(command.conversationId());
			}
			return this.conversations.requireMember(command.conversationId(), senderId)
				.doOnNext(this.facts::learn)
				.flatMap((conversation) -> checkBlocks(conversation, senderId)
					.then(checkReply(conversation.id(), command))
					.thenReturn(conversation.id()));
		}
		// checked before the direct conversation is created: a blocked sender cannot open one with the blocker
		return checkBlocked(List.of(command.recipientId()), senderId)
			.then(Mono.defer(() -> this.conversations.openDirect(senderId, command.recipientId())))
			.flatMap((opened) -> checkReply(opened.conversation().id(), command).thenReturn(opened.conversation().id()));
	}

	/**
	 * Event, message, then the visible end and the sender's own watermark side by side; recipients hear of the
	 * message once it is visible. A seq whose send failed is burned at once, so later sends need not wait for it.
	 */
	private Mono<Sent> persist(Conversation conversation, Message message, String originSession) {
		Instant deadline = message.createdAt().plus(this.properties.commitTimeout());
		MessageView view = MessageView.of(message);
		RawJson json = new RawJson(this.json.writeValueAsString(view));
		OutboundEvent event = OutboundEvent.guarded(EventTypes.MESSAGE_SENT, message.createdAt(),
				sentEventData(json, conversation, message.senderId()), message.id());
		Mono<Sent> stored = this.outbox.record(event)
			.then(this.store.insert(message))
			.then(Mono.when(this.order.commit(conversation.id(), message.seq(), deadline),
					this.conversations.moveOwnWatermark(conversation.id(), message.senderId(), message.seq())))
			.then(Mono.fromCallable(() -> {
				this.listeners().forEach((l) -> l.messageCreated(json, conversation.participantIds(), originSession));
				return new Sent(view, true, json);
			}));
		return stored.onErrorResume((ex) -> (ex instanceof DuplicateKeyException) ? repeated(message, event, deadline)
				: burnAfterFailure(message, ex, deadline));
	}

	/**
	 * The sender repeated a {@code client_message_id}: the seq reserved for the repeat becomes a gap, and the
	 * answer is the stored message, once it is visible.
	 */
	private Mono<Sent> repeated(Message message, OutboundEvent event, Instant deadline) {
		return this.outbox.discard(event.eventId())
			.then(this.order.burn(message.conversationId(), message.seq()))
			.then(this.order.commit(message.conversationId(), message.seq(), deadline))
			.then(this.store.findByIdempotencyKey(message.idempotencyKey()))
			.flatMap((original) -> this.order.awaitVisible(original.conversationId(), original.seq(), deadline)
				.thenReturn(sent(MessageView.of(original), false)));
	}

	/**
	 * Best effort: if even the burn fails, the next sends burn the seq at their deadline. The burned seq is made
	 * visible under the send's own deadline, so a failure burns nobody else's seq early.
	 */
	private Mono<Sent> burnAfterFailure(Message message, Throwable failure, Instant deadline) {
		if (failure instanceof MessageStore.SeqTaken) {
			return Mono.error(new ApiException(ErrorCode.UNAVAILABLE, "The message was not stored in time, send it again"));
		}
		return this.order.burn(message.conversationId(), message.seq())
			.then(this.order.commit(message.conversationId(), message.seq(), deadline))
			.onErrorResume((ignored) -> Mono.empty())
			.then(Mono.error(failure));
	}

	/** Resolved once: the listeners are singletons, and looking them up costs on every message. */
	private List<MessageListener> listeners() {
		List<MessageListener> resolved = this.resolvedListeners;
		if (resolved == null) {
			resolved = this.listeners.orderedStream().toList();
			this.resolvedListeners = resolved;
		}
		return resolved;
	}

	/** The message's JSON with the event's own fields after it: no second encoding of the message. */
	private RawJson sentEventData(RawJson message, Conversation conversation, String senderId) {
		return message.withFields(",\"conversation_type\":\"" + conversation.type().wire() + "\",\"recipient_ids\":"
				+ this.json.writeValueAsString(conversation.otherParticipantIds(senderId)));
	}

	private Sent sent(MessageView view, boolean created) {
		return new Sent(view, created, new RawJson(this.json.writeValueAsString(view)));
	}

	private Mono<Void> checkBlocks(Conversation conversation, String senderId) {
		return conversation.isDirect() ? checkBlocked(conversation.otherParticipantIds(senderId), senderId) : Mono.empty();
	}

	private Mono<Void> checkBlocked(List<String> recipients, String senderId) {
		return this.blocks.anyBlocks(recipients, senderId)
			.flatMap((blocked) -> blocked
					? Mono.error(new ApiException(ErrorCode.BLOCKED, "The recipient does not accept your messages"))
					: Mono.empty());
	}

	private Mono<Void> checkReply(String conversationId, SendMessage command) {
		if (command.replyTo() == null) {
			return Mono.empty();
		}
		return this.store.existsIn(command.replyTo(), conversationId)
			.flatMap((exists) -> exists ? Mono.empty()
					: Mono.error(ApiException.invalid("reply_to", "must be a message of this conversation")));
	}

	// ---------------------------------------------------------------- history

	/**
	 * History ascending by seq. Without bounds: the newest page. {@code after}: the oldest page after it
	 * ({@code has_more}: newer remain). {@code before} alone: the newest page before it ({@code has_more}:
	 * older remain). Both: the range read from its oldest end.
	 */
	public Mono<HistoryPage> history(String userId, String conversationId, int limit, Long afterSeq, Long beforeSeq) {
		return this.conversations.requireMember(conversationId, userId).flatMap((conversation) -> {
			boolean fromOldest = afterSeq != null;
			// nothing past the visible end: a reader who catches up from what it saw never misses a lower seq
			long end = conversation.visibleSeq() + 1;
			Long before = (beforeSeq == null) ? Long.valueOf(end) : Long.valueOf(Math.min(beforeSeq, end));
			return this.store.range(conversation.id(), afterSeq, before, limit + 1, !fromOldest)
				.map(MessageView::of)
				.collectList()
				.map((found) -> {
					boolean more = found.size() > limit;
					List<MessageView> page = new ArrayList<>(more ? found.subList(0, limit) : found);
					if (!fromOldest) {
						Collections.reverse(page);
					}
					return new HistoryPage(page, more);
				});
		});
	}

	/** Messages after {@code afterSeq} for a reconnecting client, oldest first (used by WebSocket sync). */
	public Mono<HistoryPage> missed(String userId, String conversationId, long afterSeq, int limit) {
		return history(userId, conversationId, limit, afterSeq, null);
	}

	// ---------------------------------------------------------------- read by message

	public Mono<ReadReceipt> markReadUpTo(String userId, String messageId) {
		return visible(userId, messageId)
			.flatMap((found) -> this.conversations.markRead(userId, found.message().conversationId(),
					found.message().seq()));
	}

	// ---------------------------------------------------------------- edit, delete, react

	public Mono<MessageView> edit(String userId, String messageId, String content) {
		MessageRules.validateEdit(content);
		return visible(userId, messageId).flatMap((found) -> {
			Message message = found.message();
			if (!message.senderId().equals(userId)) {
				return Mono.error(ApiException.forbidden("Only the sender can edit a message"));
			}
			if (message.deleted()) {
				return Mono.error(new ApiException(ErrorCode.CONFLICT, "The message is deleted"));
			}
			return this.store.edit(message.id(), content, Timestamps.now(this.clock))
				.switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.CONFLICT, "The message is deleted")))
				.flatMap((edited) -> changed(edited, found.conversation(), EventTypes.MESSAGE_UPDATED));
		});
	}

	/** The sender, or a group admin, replaces the message by its tombstone. Deleting twice is harmless. */
	public Mono<MessageView> delete(String userId, String messageId) {
		return visible(userId, messageId).flatMap((found) -> {
			Message message = found.message();
			boolean admin = !found.conversation().isDirect() && found.conversation().isAdmin(userId);
			if (!message.senderId().equals(userId) && !admin) {
				return Mono.error(ApiException.forbidden("Only the sender or a group admin can delete a message"));
			}
			if (message.deleted()) {
				return Mono.just(MessageView.of(message));
			}
			return this.store.tombstone(message.id())
				.flatMap((deleted) -> changed(deleted, found.conversation(), EventTypes.MESSAGE_DELETED));
		});
	}

	/** Adds or removes the caller's reaction; repeating either is harmless. */
	public Mono<MessageView> react(String userId, String messageId, String emoji, boolean add) {
		MessageRules.validateEmoji(emoji);
		return visible(userId, messageId).flatMap((found) -> {
			if (found.message().deleted()) {
				return Mono.error(new ApiException(ErrorCode.CONFLICT, "The message is deleted"));
			}
			boolean present = found.message().reactions().getOrDefault(MessageView.keyOf(emoji), List.of()).contains(userId);
			if (present == add) {
				return Mono.just(MessageView.of(found.message()));
			}
			return this.store.react(found.message().id(), MessageView.keyOf(emoji), userId, add)
				.switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.CONFLICT, "The message is deleted")))
				.flatMap((updated) -> changed(updated, found.conversation(), EventTypes.MESSAGE_UPDATED));
		});
	}

	private Mono<MessageView> changed(Message message, Conversation conversation, String eventType) {
		MessageView view = MessageView.of(message);
		boolean deleted = EventTypes.MESSAGE_DELETED.equals(eventType);
		return this.outbox.record(OutboundEvent.of(eventType, Timestamps.now(this.clock), view))
			.then(Mono.fromCallable(() -> {
				this.listeners().forEach((l) -> l.messageChanged(view, deleted, conversation.participantIds()));
				return view;
			}));
	}

	// ---------------------------------------------------------------- search

	public Mono<SearchPage> search(String userId, String text, String conversationId, int limit, String cursor) {
		String query = text == null ? "" : text.strip();
		if (query.isEmpty() || query.length() > 200) {
			throw ApiException.invalid("q", "is required, 1-200 characters");
		}
		if (cursor != null && !ObjectId.isValid(cursor)) {
			throw ApiException.invalid("cursor", "is not a cursor this service issued");
		}
		Mono<List<String>> scope = conversationId != null
				? this.conversations.requireMember(conversationId, userId).map((c) -> List.of(c.id()))
				: this.conversations.memberOf(userId);
		return scope.flatMap((ids) -> this.store.search(ids, query, cursor, limit + 1).map(MessageView::of).collectList())
			.map((found) -> {
				boolean more = found.size() > limit;
				List<MessageView> page = more ? found.subList(0, limit) : found;
				return new SearchPage(page, more ? page.get(page.size() - 1).id() : null);
			});
	}

	// ---------------------------------------------------------------- helpers

	private record Found(Message message, Conversation conversation) {
	}

	/** The message if the caller is a participant of its conversation; {@code not_found} otherwise. */
	private Mono<Found> visible(String userId, String messageId) {
		// a message of someone else's conversation answers exactly as a missing one (no existence oracle)
		return this.store.findById(messageId)
			.flatMap((message) -> this.conversations.findAsMember(message.conversationId(), userId)
				.map((conversation) -> new Found(message, conversation)))
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Message")));
	}

}
