package com.pulse.messaging.auth;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The authenticated caller: the exchange's (and so the WebSocket handshake's) principal. Each entry of the
 * token's {@code roles} claim is an authority {@code ROLE_<role>}.
 */
public final class UserPrincipal extends AbstractAuthenticationToken {

	private final AuthenticatedUser user;

	private final Instant expiresAt;

	private final Set<String> roles;

	public UserPrincipal(AuthenticatedUser user, Instant expiresAt, Set<String> roles) {
		super(authorities(roles));
		this.user = user;
		this.expiresAt = expiresAt;
		this.roles = Set.copyOf(roles);
		setAuthenticated(true);
	}

	private static Collection<GrantedAuthority> authorities(Set<String> roles) {
		List<GrantedAuthority> authorities = roles.stream()
			.map((role) -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role))
			.toList();
		return authorities;
	}

	public AuthenticatedUser user() {
		return this.user;
	}

	/** The token's {@code exp}. */
	public Instant expiresAt() {
		return this.expiresAt;
	}

	/** The token's {@code roles}, empty unless the claim is an array of strings. */
	public Set<String> roles() {
		return this.roles;
	}

	@Override
	public String getName() {
		return this.user.id();
	}

	@Override
	public Object getCredentials() {
		// the token is never kept: it must not reach a log through the principal
		return "";
	}

	@Override
	public Object getPrincipal() {
		return this.user;
	}

}
