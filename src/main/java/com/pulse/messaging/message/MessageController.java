package com.pulse.messaging.message;


import com.pulse.messaging.auth.AuthenticatedUser;
import com.pulse.messaging.conversation.ReadReceipt;
import com.pulse.messaging.message.MessageService.HistoryPage;
import com.pulse.messaging.message.MessageService.SearchPage;
import com.pulse.messaging.system.MessagingMetrics;
import io.micrometer.core.instrument.Timer;
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
import org.springframework.web.bind.annotation.RestController;

/** Message endpoints under {@code /api/messages}. */
@RestController
@RequestMapping("/api/messages")
class MessageController {

	private final MessageService messages;

	private final MessagingMetrics metrics;

	MessageController(MessageService messages, MessagingMetrics metrics) {
		this.messages = messages;
		this.metrics = metrics;
	}

	/** 201 with the new message; 200 with the stored one when the same client_message_id was sent before. */
	@PostMapping
	Mono<ResponseEntity<MessageView>> send(AuthenticatedUser user, @RequestBody SendMessage request) {
		Timer.Sample received = Timer.start();
		return this.messages.send(user.id(), request, null)
			.doOnNext((sent) -> this.metrics.messageProcessed(false))
			.doFinally((signal) -> received.stop(this.metrics.sendLatency(false)))
			.map((sent) -> ResponseEntity.status(sent.created() ? HttpStatus.CREATED : HttpStatus.OK).body(sent.message()));
	}

	@GetMapping("/conversations/{id}/messages")
	Mono<HistoryPage> history(AuthenticatedUser user, @PathVariable String id,
			@RequestParam(name = "limit", required = false) String limit,
			@RequestParam(name = "after_seq", required = false) String afterSeq,
			@RequestParam(name = "before_seq", required = false) String beforeSeq) {
		return this.messages.history(user.id(), id, QueryParams.intParam("limit", limit, 50, 1, 100),
				QueryParams.longParam("after_seq", afterSeq), QueryParams.longParam("before_seq", beforeSeq));
	}

	@PutMapping("/{id}/read")
	Mono<ReadReceipt> read(AuthenticatedUser user, @PathVariable String id) {
		return this.messages.markReadUpTo(user.id(), id);
	}

	@PatchMapping("/{id}")
	Mono<MessageView> edit(AuthenticatedUser user, @PathVariable String id, @RequestBody EditMessage request) {
		return this.messages.edit(user.id(), id, request.content());
	}

	@DeleteMapping("/{id}")
	Mono<MessageView> delete(AuthenticatedUser user, @PathVariable String id) {
		return this.messages.delete(user.id(), id);
	}

	@PutMapping("/{id}/reactions/{emoji}")
	Mono<MessageView> react(AuthenticatedUser user, @PathVariable String id, @PathVariable String emoji) {
		return this.messages.react(user.id(), id, emoji, true);
	}

	@DeleteMapping("/{id}/reactions/{emoji}")
	Mono<MessageView> unreact(AuthenticatedUser user, @PathVariable String id, @PathVariable String emoji) {
		return this.messages.react(user.id(), id, emoji, false);
	}

	@GetMapping("/search")
	Mono<SearchPage> search(AuthenticatedUser user, @RequestParam(name = "q", required = false) String q,
			@RequestParam(name = "conversation_id", required = false) String conversationId,
			@RequestParam(name = "limit", required = false) String limit,
			@RequestParam(name = "cursor", required = false) String cursor) {
		return this.messages.search(user.id(), q, conversationId, QueryParams.intParam("limit", limit, 20, 1, 100), cursor);
	}

	/** {@code PATCH /api/messages/{id}}. */
	record EditMessage(String content) {
	}

}
