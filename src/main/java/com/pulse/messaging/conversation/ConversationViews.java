package com.pulse.messaging.conversation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pulse.messaging.conversation.ConversationView.ParticipantView;
import com.pulse.messaging.user.UserDirectory;
import com.pulse.messaging.user.UserProfile;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** Builds what a caller sees of conversations: display data, last message, own unread count and mute. */
@Component
class ConversationViews {

	/** Unread counts one change of a large group runs at once, for its members' own views. */
	private static final int VIEW_CONCURRENCY = 16;

	private final ConversationActivity activity;

	private final UserDirectory users;

	ConversationViews(ConversationActivity activity, UserDirectory users) {
		this.activity = activity;
		this.users = users;
	}

	ConversationActivity activity() {
		return this.activity;
	}

	/** The view for one viewer; a null viewer gets the shared view (no unread count, no mute). */
	Mono<ConversationView> view(Conversation conversation, String viewerId) {
		return views(List.of(conversation), viewerId).map((list) -> list.get(0));
	}

	Mono<List<ConversationView>> views(List<Conversation> conversations, String viewerId) {
		if (conversations.isEmpty()) {
			return Mono.just(List.of());
		}
		Set<String> userIds = new HashSet<>();
		conversations.forEach((c) -> userIds.addAll(c.participantIds()));
		return this.users.profiles(userIds)
			.flatMap((profiles) -> Flux.fromIterable(conversations)
				.flatMapSequential((conversation) -> assemble(conversation, viewerId, profiles))
				.collectList());
	}

	/** One conversation as nobody in particular sees it, and as each member of an audience does. */
	record AudienceViews(ConversationView shared, Map<String, ConversationView> own) {
	}

	/**
	 * The shared view (no unread count, no mute) and each audience member's own view (their unread count and
	 * mute; one who is not a participant gets the shared view), from one read of the profiles and the last
	 * message.
	 */
	Mono<AudienceViews> audienceViews(Conversation conversation, Collection<String> audience) {
		Mono<List<Object>> lastMessage = lastMessage(conversation).cache();
		return this.users.profiles(new HashSet<>(conversation.participantIds())).flatMap((profiles) -> {
			Mono<Map<String, ConversationView>> own = Flux.fromIterable(audience)
				.flatMapSequential((viewerId) -> assemble(conversation, viewerId, profiles, lastMessage)
					.map((view) -> Map.entry(viewerId, view)), VIEW_CONCURRENCY)
				.collect(LinkedHashMap::new, (views, entry) -> views.put(entry.getKey(), entry.getValue()));
			return Mono.zip(assemble(conversation, null, profiles, lastMessage), own, AudienceViews::new);
		});
	}

	private Mono<ConversationView> assemble(Conversation c, String viewerId, Map<String, UserProfile> profiles) {
		return assemble(c, viewerId, profiles, lastMessage(c));
	}

	private Mono<List<Object>> lastMessage(Conversation c) {
		return (c.visibleSeq() == 0) ? Mono.just(List.of())
				: this.activity.lastMessage(c.id(), c.visibleSeq()).map(List::of).defaultIfEmpty(List.of());
	}

	private Mono<ConversationView> assemble(Conversation c, String viewerId, Map<String, UserProfile> profiles,
			Mono<List<Object>> lastMessage) {
		Participant viewer = viewerId == null ? null : c.participant(viewerId).orElse(null);
		Mono<Long> unread = (viewer == null || c.visibleSeq() <= viewer.lastReadSeq()) ? Mono.just(0L)
				: this.activity.unreadCount(c.id(), viewerId, ConversationActivity.Unread.of(c, viewer.lastReadSeq()));
		return Mono.zip(lastMessage, unread).map((parts) -> {
			List<ParticipantView> participants = new ArrayList<>(c.participants().size());
			for (Participant p : c.participants()) {
				UserProfile profile = profiles.get(p.userId());
				participants.add(new ParticipantView(p.userId(), p.role(), p.joinedAt(), p.lastReadSeq(),
						profile == null ? null : profile.username(), profile == null ? null : profile.displayName(),
						profile == null ? null : profile.avatarUrl()));
			}
			Object last = parts.getT1().isEmpty() ? null : parts.getT1().get(0);
			return new ConversationView(c.id(), c.type(), c.name(), c.avatarUrl(), c.createdBy(), c.createdAt(),
					c.updatedAt(), participants, c.visibleSeq(), last, parts.getT2(),
					viewer == null ? null : viewer.mutedUntil());
		});
	}

}
