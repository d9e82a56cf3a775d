package com.pulse.messaging.auth;

/**
 * The caller, as its access token names it.
 *
 * @param id the user id ({@code sub})
 * @param username the optional {@code username} claim
 * @param name the optional {@code name} claim (a display name)
 */
public record AuthenticatedUser(String id, String username, String name) {

	/** The exchange (and WebSocket session) attribute holding the caller. */
	public static final String ATTRIBUTE = AuthenticatedUser.class.getName();

}
