package com.pulse.messaging.realtime;

import java.util.List;

import com.pulse.messaging.conversation.ConversationService;
import com.pulse.messaging.presence.PresenceStatus;
import com.pulse.messaging.realtime.protocol.ServerFrame;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** Tells direct-conversation partners and followers, on every instance, of a user's presence change. */
@Component
class PresenceAnnouncer {

	private final ConversationService conversations;

	private final RealtimeBus bus;

	PresenceAnnouncer(ConversationService conversations, RealtimeBus bus) {
		this.conversations = conversations;
		this.bus = bus;
	}

	Mono<Void> announce(PresenceStatus status) {
		return this.conversations.directPartners(status.userId())
			.onErrorReturn(List.of())
			.doOnNext((partners) -> this.bus.presence(status.userId(), partners,
					new ServerFrame.Presence(status.userId(), status.status(), status.lastSeen())))
			.then();
	}

}
