package com.pulse.messaging.auth;

import java.security.Principal;

/** The caller as a {@link Principal}, so it travels with the WebSocket handshake into the session. */
public record UserPrincipal(AuthenticatedUser user) implements Principal {

	@Override
	public String getName() {
		return this.user.id();
	}

}
