package com.pulse.messaging.auth;

import org.springframework.web.server.ServerWebExchange;

/** Reads the authenticated caller of an exchange (set by the authentication filter). */
public final class CurrentUser {

	private CurrentUser() {
	}

	public static AuthenticatedUser of(ServerWebExchange exchange) {
		AuthenticatedUser user = AuthenticationFilter.userOf(exchange);
		if (user == null) {
			throw new IllegalStateException("no authenticated user on this exchange");
		}
		return user;
	}

}
