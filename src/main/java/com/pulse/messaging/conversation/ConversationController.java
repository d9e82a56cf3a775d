package com.pulse.messaging.conversation;


import com.pulse.messaging.auth.AuthenticatedUser;
import com.pulse.messaging.conversation.ConversationRequests.AddParticipants;
import com.pulse.messaging.conversation.ConversationRequests.ChangeRole;
import com.pulse.messaging.conversation.ConversationRequests.CreateGroup;
import com.pulse.messaging.conversation.ConversationRequests.MarkRead;
import com.pulse.messaging.conversation.ConversationRequests.Mute;
import com.pulse.messaging.conversation.ConversationRequests.OpenDirect;
import com.pulse.messaging.conversation.ConversationRequests.UpdateGroup;
import com.pulse.messaging.conversation.ConversationService.ConversationPage;
import com.pulse.messaging.conversation.ConversationService.UnreadSummary;
import com.pulse.messaging.system.ApiException;
import com.pulse.messaging.system.QueryParams;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Conversation endpoints under {@code /api/messages}. */
@RestController
@RequestMapping("/api/messages")
class ConversationController {

	private final ConversationService conversations;

	ConversationController(ConversationService conversations) {
		this.conversations = conversations;
	}

	@PostMapping("/conversations/direct")
	Mono<ResponseEntity<ConversationView>> openDirect(AuthenticatedUser user, @RequestBody OpenDirect request) {
		return this.conversations.openDirect(user.id(), request.userId())
			.flatMap((opened) -> this.conversations.view(opened.conversation(), user.id())
				.map((view) -> ResponseEntity.status(opened.created() ? HttpStatus.CREATED : HttpStatus.OK).body(view)));
	}

	@PostMapping("/group")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<ConversationView> createGroup(AuthenticatedUser user, @RequestBody CreateGroup request) {
		return this.conversations.createGroup(user.id(), request);
	}

	@GetMapping("/conversations")
	Mono<ConversationPage> list(AuthenticatedUser user, @RequestParam(name = "limit", required = false) String limit,
			@RequestParam(name = "cursor", required = false) String cursor) {
		return this.conversations.list(user.id(), QueryParams.intParam("limit", limit, 20, 1, 100), cursor);
	}

	@GetMapping("/conversations/{id}")
	Mono<ConversationView> get(AuthenticatedUser user, @PathVariable String id) {
		return this.conversations.get(user.id(), id);
	}

	@PatchMapping("/conversations/{id}")
	Mono<ConversationView> update(AuthenticatedUser user, @PathVariable String id, @RequestBody UpdateGroup request) {
		return this.conversations.updateGroup(user.id(), id, request);
	}

	@PutMapping("/conversations/{id}/read")
	Mono<ReadReceipt> read(AuthenticatedUser user, @PathVariable String id, @RequestBody MarkRead request) {
		if (request.seq() == null) {
			throw ApiException.invalid("seq", "is required");
		}
		return this.conversations.markRead(user.id(), id, request.seq());
	}

	@GetMapping("/unread")
	Mono<UnreadSummary> unread(AuthenticatedUser user) {
		return this.conversations.unread(user.id());
	}

	@PostMapping("/conversations/{id}/participants")
	Mono<ConversationView> addParticipants(AuthenticatedUser user, @PathVariable String id,
			@RequestBody AddParticipants request) {
		return this.conversations.addParticipants(user.id(), id, request);
	}

	@DeleteMapping("/conversations/{id}/participants/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> removeParticipant(AuthenticatedUser user, @PathVariable String id, @PathVariable String userId) {
		return this.conversations.removeParticipant(user.id(), id, userId);
	}

	@PutMapping("/conversations/{id}/participants/{userId}/role")
	Mono<ConversationView> changeRole(AuthenticatedUser user, @PathVariable String id, @PathVariable String userId,
			@RequestBody ChangeRole request) {
		return this.conversations.changeRole(user.id(), id, userId, request);
	}

	@PutMapping("/conversations/{id}/mute")
	Mono<ConversationView> mute(AuthenticatedUser user, @PathVariable String id, @RequestBody Mute request) {
		return this.conversations.mute(user.id(), id, request);
	}

}
