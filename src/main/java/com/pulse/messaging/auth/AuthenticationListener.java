package com.pulse.messaging.auth;

import reactor.core.publisher.Mono;

/** Told of each authenticated caller; the user cache uses it to learn names from token claims. */
public interface AuthenticationListener {

	Mono<Void> authenticated(AuthenticatedUser user);

}
