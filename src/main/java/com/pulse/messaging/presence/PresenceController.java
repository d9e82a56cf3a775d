package com.pulse.messaging.presence;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pulse.messaging.auth.AuthenticatedUser;
import com.pulse.messaging.system.ApiException;
import com.pulse.messaging.system.Validator;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/messages/presence?user_ids=u1,u2}. */
@RestController
@RequestMapping("/api/messages/presence")
class PresenceController {

	static final int MAX_USERS = 200;

	private final PresenceService presence;

	PresenceController(PresenceService presence) {
		this.presence = presence;
	}

	@GetMapping
	Mono<Map<String, List<PresenceStatus>>> presence(AuthenticatedUser user,
			@RequestParam(name = "user_ids", required = false) String userIds) {
		Set<String> ids = parse(userIds);
		return this.presence.statuses(ids).map((statuses) -> Map.of("presence", statuses));
	}

	static Set<String> parse(String userIds) {
		if (userIds == null || userIds.isBlank()) {
			throw ApiException.invalid("user_ids", "is required: a comma-separated list of user ids");
		}
		Set<String> ids = new LinkedHashSet<>();
		Validator validator = Validator.create();
		Arrays.stream(userIds.split(",")).map(String::strip).forEach((id) -> {
			validator.userId(id, "user_ids");
			ids.add(id);
		});
		validator.check(ids.size() <= MAX_USERS, "user_ids", "at most " + MAX_USERS + " user ids").throwIfInvalid();
		return ids;
	}

}
