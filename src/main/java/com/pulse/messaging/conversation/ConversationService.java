package com.pulse.messaging.conversation;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pulse.messaging.conversation.ConversationRequests.AddParticipants;
import com.pulse.messaging.conversation.ConversationRequests.ChangeRole;
import com.pulse.messaging.conversation.ConversationRequests.CreateGroup;
import com.pulse.messaging.conversation.ConversationRequests.Mute;
import com.pulse.messaging.conversation.ConversationRequests.UpdateGroup;
import com.pulse.messaging.conversation.ConversationViews.AudienceViews;
import com.pulse.messaging.events.EventOutbox;
import com.pulse.messaging.events.EventTypes;
import com.pulse.messaging.events.OutboundEvent;
import com.pulse.messaging.system.ApiException;
import com.pulse.messaging.system.ErrorCode;
import com.pulse.messaging.system.LimitsProperties;
import com.pulse.messaging.system.Timestamps;
import com.pulse.messaging.system.Validator;
import com.pulse.messaging.user.BlockService;
import org.bson.types.ObjectId;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.query.Update;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/** Conversations: direct and group creation, membership, roles, read watermarks, mute, listing. */
@Service
public class ConversationService {

	private static final int NAME_MAX = 100;

	/**
	 * {@code /unread} and {@code sync.state} cover the caller's most recently active conversations, at most
	 * this many: one unread count each, so a user in thousands of conversations cannot make one call count
	 * them all. Older ones are reached by the conversation list.
	 */
	static final int MAX_COUNTED = 500;

	private final ConversationStore store;

	private final ConversationViews views;

	private final EventOutbox outbox;

	private final ObjectProvider<ConversationListener> listeners;

	private final LimitsProperties limits;

	private final BlockService blocks;

	private final Clock clock;

	ConversationService(ConversationStore store, ConversationViews views, EventOutbox outbox,
			ObjectProvider<ConversationListener> listeners, LimitsProperties limits, BlockService blocks, Clock clock) {
		this.blocks = blocks;
		this.store = store;
		this.views = views;
		this.outbox = outbox;
		this.listeners = listeners;
		this.limits = limits;
		this.clock = clock;
	}

	/** A direct conversation with its "just created" flag. */
	public record Opened(Conversation conversation, boolean created) {
	}

	/** A page of the caller's conversations. */
	public record ConversationPage(List<ConversationView> conversations, String nextCursor) {
	}

	/** Badge counts: the total leaves muted conversations out. */
	public record UnreadSummary(long total, Map<String, Long> conversations) {
	}

	// ---------------------------------------------------------------- creation

	/** Finds or creates the one direct conversation of the pair. */
	public Mono<Opened> openDirect(String userId, String otherId) {
		Validator.create().userId(otherId, "user_id").throwIfInvalid();
		if (userId.equals(otherId)) {
			throw ApiException.invalid("user_id", "must be another user");
		}
		return this.store.findDirect(userId, otherId)
			.map((existing) -> new Opened(existing, false))
			.switchIfEmpty(Mono.defer(() -> refuseIfBlocked(userId, otherId).then(createDirect(userId, otherId))));
	}

	/** A user the other has blocked cannot open a direct conversation with them (an existing one is returned). */
	private Mono<Void> refuseIfBlocked(String userId, String otherId) {
		return this.blocks.isBlocked(otherId, userId)
			.flatMap((blocked) -> blocked
					? Mono.error(new ApiException(ErrorCode.BLOCKED, "The recipient does not accept your messages"))
					: Mono.empty());
	}

	private Mono<Opened> createDirect(String userId, String otherId) {
		Instant now = Timestamps.now(this.clock);
		String id = new ObjectId().toHexString();
		Conversation fresh = new Conversation(id, ConversationType.DIRECT, null, null, userId, now, now,
				Conversation.directKey(userId, otherId),
				List.of(Participant.joining(userId, Role.MEMBER, now), Participant.joining(otherId, Role.MEMBER, now)), 0,
				now, 0L);
		return this.store.insertDirectOrFind(fresh).flatMap((stored) -> {
			boolean created = stored.id().equals(id);
			Mono<Opened> opened = Mono.just(new Opened(stored, created));
			return created ? announce(stored, EventTypes.CONVERSATION_CREATED, stored.participantIds()).then(opened)
					: opened;
		});
	}

	public Mono<ConversationView> createGroup(String userId, CreateGroup request) {
		String name = request.name() == null ? null : request.name().strip();
		Set<String> members = new LinkedHashSet<>();
		Validator validator = Validator.create()
			.check(name != null && !name.isEmpty() && characters(name) <= NAME_MAX, "name",
					"is required, 1-" + NAME_MAX + " characters")
			.check(request.participantIds() != null, "participant_ids", "is required");
		if (request.participantIds() != null) {
			for (int i = 0; i < request.participantIds().size(); i++) {
				String id = request.participantIds().get(i);
				validator.userId(id, "participant_ids[" + i + "]");
				if (id != null && !id.equals(userId)) {
					members.add(id);
				}
			}
			validator.check(!members.isEmpty(), "participant_ids", "must name at least one other user")
				.check(members.size() + 1 <= this.limits.maxGroupSize(), "participant_ids",
						"a group has at most " + this.limits.maxGroupSize() + " participants");
		}
		validateAvatar(validator, request.avatarUrl());
		validator.throwIfInvalid();
		Instant now = Timestamps.now(this.clock);
		List<Participant> participants = new ArrayList<>();
		participants.add(Participant.joining(userId, Role.ADMIN, now));
		members.forEach((member) -> participants.add(Participant.joining(member, Role.MEMBER, now)));
		Conversation group = new Conversation(new ObjectId().toHexString(), ConversationType.GROUP, name,
				blankToNull(request.avatarUrl()), userId, now, now, null, participants, 0, now, 0L);
		return this.store.insert(group)
			.flatMap((stored) -> announce(stored, EventTypes.CONVERSATION_CREATED, stored.participantIds())
				.then(this.views.view(stored, userId)));
	}

	// ---------------------------------------------------------------- reading

	public Mono<ConversationView> get(String userId, String id) {
		return requireMember(id, userId).flatMap((conversation) -> this.views.view(conversation, userId));
	}

	public Mono<ConversationView> view(Conversation conversation, String viewerId) {
		return this.views.view(conversation, viewerId);
	}

	public Mono<ConversationPage> list(String userId, int limit, String cursor) {
		ListCursor after = (cursor == null || cursor.isEmpty()) ? null : ListCursor.decode(cursor);
		return this.store.page(userId, after, limit + 1).collectList().flatMap((page) -> {
			boolean more = page.size() > limit;
			List<Conversation> shown = more ? page.subList(0, limit) : page;
			Conversation last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
			String next = (more && last != null) ? new ListCursor(last.lastActivityAt(), last.id()).encode() : null;
			return this.views.views(shown, userId).map((views) -> new ConversationPage(views, next));
		});
	}

	public Mono<UnreadSummary> unread(String userId) {
		Instant now = Timestamps.now(this.clock);
		return this.store.page(userId, null, MAX_COUNTED).collectList().flatMap((conversations) -> {
			Map<String, ConversationActivity.Unread> watermarks = new java.util.HashMap<>();
			Set<String> muted = new java.util.HashSet<>();
			for (Conversation c : conversations) {
				Participant me = c.participant(userId).orElseThrow();
				watermarks.put(c.id(), ConversationActivity.Unread.of(c, me.lastReadSeq()));
				if (me.isMuted(now)) {
					muted.add(c.id());
				}
			}
			return this.views.activity().unreadCounts(userId, watermarks).map((counts) -> {
				Map<String, Long> listed = new java.util.TreeMap<>();
				long total = 0;
				for (Map.Entry<String, Long> e : counts.entrySet()) {
					if (e.getValue() > 0) {
						listed.put(e.getKey(), e.getValue());
						total += muted.contains(e.getKey()) ? 0 : e.getValue();
					}
				}
				return new UnreadSummary(total, listed);
			});
		});
	}

	// ---------------------------------------------------------------- used by messages

	/** The conversation if the user is in it; {@code not_found} otherwise (no existence oracle). */
	public Mono<Conversation> requireMember(String id, String userId) {
		return findAsMember(id, userId).switchIfEmpty(Mono.error(() -> ApiException.notFound("Conversation")));
	}

	/** The conversation if the user is in it; empty otherwise, also for an invalid id. */
	public Mono<Conversation> findAsMember(String id, String userId) {
		return this.store.findForMember(id, userId);
	}

	/**
	 * Reserves the next seq for a sender who must be a participant (one atomic step), queued at once: calls
	 * made one after another get increasing seqs.
	 */
	public Mono<Conversation> reserveSeq(String id, String senderId, Instant at) {
		return this.store.nextSeq(id, senderId, at).switchIfEmpty(Mono.error(() -> ApiException.notFound("Conversation")));
	}

	/**
	 * Makes stored seqs {@code first..last} visible if every lower one is: false while a lower seq is in flight.
	 * See API.md, "Ordering that sync can trust".
	 */
	public Mono<Boolean> commitSeqs(String id, long first, long last) {
		return this.store.commit(id, first, last);
	}

	/** The last seq readers may see in the conversation. */
	public Mono<Long> visibleSeq(String id) {
		return this.store.visibleSeq(id);
	}

	/** Moves the visible end from exactly {@code from} to {@code to}: the caller checked every seq between is stored. */
	public Mono<Boolean> advanceVisibleSeq(String id, long from, long to) {
		return this.store.advanceVisibleSeq(id, from, to);
	}

	/** The users who share a direct conversation with this one (they hear of its presence). */
	public Mono<List<String>> directPartners(String userId) {
		return this.store.directPartnersOf(userId).distinct().collectList();
	}

	/** Where the user stands in each of their {@value #MAX_COUNTED} most recent conversations, for a reconnecting client. */
	public Mono<List<SyncEntry>> syncState(String userId) {
		return this.store.page(userId, null, MAX_COUNTED).collectList().flatMap((conversations) -> {
			Map<String, ConversationActivity.Unread> watermarks = new java.util.HashMap<>();
			conversations.forEach((c) -> watermarks.put(c.id(),
					ConversationActivity.Unread.of(c, c.participant(userId).orElseThrow().lastReadSeq())));
			return this.views.activity()
				.unreadCounts(userId, watermarks)
				.map((counts) -> conversations.stream()
					.sorted(java.util.Comparator.comparing(Conversation::lastActivityAt).reversed())
					.map((c) -> new SyncEntry(c.id(), c.visibleSeq(), counts.getOrDefault(c.id(), 0L)))
					.toList());
		});
	}

	/** One conversation in a sync summary. */
	public record SyncEntry(String id, long lastSeq, long unreadCount) {
	}

	/** Ids of the user's conversations. */
	public Mono<List<String>> memberOf(String userId) {
		return this.store.idsOf(userId).collectList();
	}

	/** Sending moves the sender's own watermark to the sent message. */
	public Mono<Void> moveOwnWatermark(String conversationId, String userId, long seq) {
		return this.store.raiseWatermark(conversationId, userId, seq);
	}

	// ---------------------------------------------------------------- read receipts

	/** Moves the caller's watermark forward (never back); a seq past the end means the end. */
	public Mono<ReadReceipt> markRead(String userId, String conversationId, long seq) {
		if (seq < 0) {
			throw ApiException.invalid("seq", "must be 0 or more");
		}
		return requireMember(conversationId, userId).flatMap((conversation) -> {
			long before = conversation.participant(userId).orElseThrow().lastReadSeq();
			long target = Math.min(seq, conversation.visibleSeq());
			if (target <= before) {
				return receipt(conversation, userId, before);
			}
			Instant now = Timestamps.now(this.clock);
			return this.store.raiseWatermark(conversation.id(), userId, target)
				.then(this.views.activity().messageIdAt(conversation.id(), target).defaultIfEmpty(""))
				.flatMap((messageId) -> this.outbox.record(OutboundEvent.of(EventTypes.MESSAGE_READ, now,
						new ReadEvent(conversation.id(), userId, target, messageId.isEmpty() ? null : messageId, now))))
				.then(Mono.fromRunnable(() -> this.listeners.orderedStream().forEach((l) -> l.readMoved(conversation.id(), userId, target,
						conversation.otherParticipantIds(userId)))))
				.then(this.store.findForMember(conversation.id(), userId))
				.flatMap((updated) -> receipt(updated, userId,
						updated.participant(userId).map(Participant::lastReadSeq).orElse(target)));
		});
	}

	private Mono<ReadReceipt> receipt(Conversation conversation, String userId, long watermark) {
		return this.views.activity()
			.unreadCount(conversation.id(), userId, ConversationActivity.Unread.of(conversation, watermark))
			.map((unread) -> new ReadReceipt(conversation.id(), userId, watermark, unread));
	}

	/** The {@code message.read} event data. */
	record ReadEvent(String conversationId, String readerId, long lastReadSeq, String messageId, Instant readAt) {
	}

	// ---------------------------------------------------------------- group administration

	public Mono<ConversationView> updateGroup(String userId, String id, UpdateGroup request) {
		String name = request.name() == null ? null : request.name().strip();
		String avatarUrl = request.avatarChange();
		Validator validator = Validator.create()
			.check(name == null || (!name.isEmpty() && characters(name) <= NAME_MAX), "name",
					"must be 1-" + NAME_MAX + " characters")
			.check(request.name() != null || avatarUrl != null, "name", "name or avatar_url is required");
		validateAvatar(validator, avatarUrl);
		validator.throwIfInvalid();
		return requireAdmin(id, userId).flatMap((conversation) -> {
			Update update = new Update().set("updated_at", Timestamps.now(this.clock));
			if (name != null) {
				update.set("name", name);
			}
			if (avatarUrl != null) {
				update.set("avatar_url", blankToNull(avatarUrl));
			}
			return this.store.update(conversation.id(), update);
		}).flatMap((updated) -> changed(updated, updated.participantIds(), userId));
	}

	public Mono<ConversationView> addParticipants(String userId, String id, AddParticipants request) {
		Validator validator = Validator.create().check(request.userIds() != null && !request.userIds().isEmpty(),
				"user_ids", "must name at least one user");
		if (request.userIds() != null) {
			for (int i = 0; i < request.userIds().size(); i++) {
				validator.userId(request.userIds().get(i), "user_ids[" + i + "]");
			}
		}
		validator.throwIfInvalid();
		return requireAdmin(id, userId).flatMap((conversation) -> {
			Instant now = Timestamps.now(this.clock);
			List<Participant> joining = new LinkedHashSet<>(request.userIds()).stream()
				.filter((member) -> !conversation.hasParticipant(member))
				.map((member) -> Participant.joining(member, Role.MEMBER, now))
				.toList();
			if (joining.isEmpty()) {
				return this.views.view(conversation, userId);
			}
			if (conversation.participants().size() + joining.size() > this.limits.maxGroupSize()) {
				return Mono.error(ApiException.invalid("user_ids",
						"a group has at most " + this.limits.maxGroupSize() + " participants"));
			}
			return this.store.addParticipants(conversation.id(), joining, this.limits.maxGroupSize(), now)
				.switchIfEmpty(Mono.error(() -> ApiException.invalid("user_ids",
						"a group has at most " + this.limits.maxGroupSize() + " participants")))
				.flatMap((updated) -> changed(updated, updated.participantIds(), userId));
		});
	}

	/** An admin removes a member, or a member leaves; the last admin leaving promotes the oldest member. */
	public Mono<Void> removeParticipant(String userId, String id, String memberId) {
		return requireMember(id, userId).flatMap((conversation) -> {
			if (conversation.isDirect()) {
				return Mono.error(ApiException.forbidden("Direct conversations have fixed participants"));
			}
			boolean self = userId.equals(memberId);
			if (!self && !conversation.isAdmin(userId)) {
				return Mono.error(ApiException.forbidden("Only group admins can remove participants"));
			}
			if (!conversation.hasParticipant(memberId)) {
				return Mono.error(ApiException.notFound("Participant"));
			}
			Instant now = Timestamps.now(this.clock);
			List<String> audience = conversation.participantIds();
			return this.store.removeParticipant(conversation.id(), memberId, now)
				.flatMap((updated) -> promoteIfLeaderless(updated, now))
				.flatMap((updated) -> changed(updated, audience, userId))
				.then();
		});
	}

	private Mono<Conversation> promoteIfLeaderless(Conversation conversation, Instant now) {
		boolean hasAdmin = conversation.participants().stream().anyMatch((p) -> p.role() == Role.ADMIN);
		if (hasAdmin || conversation.participants().isEmpty()) {
			return Mono.just(conversation);
		}
		Participant oldest = conversation.participants()
			.stream()
			.min(java.util.Comparator.comparing(Participant::joinedAt))
			.orElseThrow();
		return this.store.setRole(conversation.id(), oldest.userId(), Role.ADMIN, now).defaultIfEmpty(conversation);
	}

	public Mono<ConversationView> changeRole(String userId, String id, String memberId, ChangeRole request) {
		Role role = Role.parse(request.role());
		Validator.create().check(role != null, "role", "must be admin or member").throwIfInvalid();
		return requireAdmin(id, userId).flatMap((conversation) -> {
			Participant member = conversation.participant(memberId).orElse(null);
			if (member == null) {
				return Mono.error(ApiException.notFound("Participant"));
			}
			long admins = conversation.participants().stream().filter((p) -> p.role() == Role.ADMIN).count();
			if (role == Role.MEMBER && member.role() == Role.ADMIN && admins == 1) {
				return Mono.error(new ApiException(ErrorCode.CONFLICT, "A group needs at least one admin"));
			}
			return this.store.setRole(conversation.id(), memberId, role, Timestamps.now(this.clock))
				.flatMap((updated) -> changed(updated, updated.participantIds(), userId));
		});
	}

	public Mono<ConversationView> mute(String userId, String id, Mute request) {
		Instant until;
		try {
			until = (request == null || request.until() == null) ? null
					: Instant.parse(request.until()).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		}
		catch (DateTimeParseException ex) {
			throw ApiException.invalid("until", "must be an RFC 3339 timestamp or null");
		}
		return requireMember(id, userId).flatMap((conversation) -> this.store.setMute(conversation.id(), userId, until))
			.flatMap((updated) -> this.views.view(updated, userId));
	}

	// ---------------------------------------------------------------- helpers

	private Mono<Conversation> requireAdmin(String id, String userId) {
		return requireMember(id, userId).flatMap((conversation) -> {
			if (conversation.isDirect()) {
				return Mono.error(ApiException.forbidden("Direct conversations have no admins"));
			}
			if (!conversation.isAdmin(userId)) {
				return Mono.error(ApiException.forbidden("Only group admins can do this"));
			}
			return Mono.just(conversation);
		});
	}

	/** Records {@code conversation.updated}, tells connected clients, and answers the caller's view. */
	private Mono<ConversationView> changed(Conversation conversation, Collection<String> audience, String viewerId) {
		Set<String> everyone = new LinkedHashSet<>(audience);
		everyone.addAll(conversation.participantIds());
		// the caller is in the audience (a member, or one who just left): their view is among those built
		return announce(conversation, EventTypes.CONVERSATION_UPDATED, everyone)
			.flatMap((views) -> Mono.justOrEmpty(views.own().get(viewerId)))
			.switchIfEmpty(Mono.defer(() -> this.views.view(conversation, viewerId)));
	}

	/**
	 * Records the event with the shared view, then tells each member with the view that is theirs (their own
	 * unread count and mute), so a client can apply the frame as it is.
	 */
	private Mono<AudienceViews> announce(Conversation conversation, String eventType, Collection<String> audience) {
		Instant now = Timestamps.now(this.clock);
		return this.views.audienceViews(conversation, audience)
			.flatMap((views) -> this.outbox.record(OutboundEvent.of(eventType, now, views.shared()))
				.then(Mono.fromRunnable(() -> this.listeners.orderedStream().forEach((l) -> l.conversationUpdated(views.own()))))
				.thenReturn(views));
	}

	private static void validateAvatar(Validator validator, String url) {
		if (url != null && !url.isEmpty()) {
			validator.check(isHttpUrl(url), "avatar_url", "must be an http(s) URL");
		}
	}

	public static boolean isHttpUrl(String value) {
		if (value == null || value.length() > 2048) {
			return false;
		}
		try {
			URI uri = new URI(value);
			String scheme = uri.getScheme();
			return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null;
		}
		catch (Exception ex) {
			return false;
		}
	}

	/** Characters as a user counts them (code points), not UTF-16 units: an emoji is one. */
	private static int characters(String value) {
		return value.codePointCount(0, value.length());
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
