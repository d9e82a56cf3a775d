package com.pulse.messaging.auth;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Browsers allowed to call the service.
 *
 * @param allowedOrigins web origins that may call {@code /api/**} and open {@code /ws}
 * ({@code CORS_ALLOWED_ORIGINS}, comma-separated; empty: none)
 */
@ConfigurationProperties("messaging.cors")
public record CorsProperties(@DefaultValue List<String> allowedOrigins) {

	/** Whether a handshake or call from this {@code Origin} is allowed. */
	public boolean allows(String origin) {
		return this.allowedOrigins.stream().anyMatch((allowed) -> allowed.strip().equalsIgnoreCase(origin.strip()));
	}

}
