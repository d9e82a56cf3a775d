package com.pulse.messaging.user;

import java.util.List;
import java.util.Map;

import com.pulse.messaging.auth.AuthenticatedUser;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/messages/blocks}: list, block and unblock users. */
@RestController
@RequestMapping("/api/messages/blocks")
class BlockController {

	private final BlockService blocks;

	BlockController(BlockService blocks) {
		this.blocks = blocks;
	}

	@GetMapping
	Mono<Map<String, List<String>>> list(AuthenticatedUser user) {
		return this.blocks.blockedBy(user.id()).map((ids) -> Map.of("user_ids", ids));
	}

	@PutMapping("/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> block(AuthenticatedUser user, @PathVariable String userId) {
		return this.blocks.block(user.id(), userId);
	}

	@DeleteMapping("/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> unblock(AuthenticatedUser user, @PathVariable String userId) {
		return this.blocks.unblock(user.id(), userId);
	}

}
