package com.pulse.messaging.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * REST rate limits per user, shared by every instance through Redis; sends and the other calls have separate
 * budgets.
 *
 * @param enabled whether calls are counted at all ({@code RATE_LIMIT_ENABLED})
 * @param sendRate sends ({@code POST /api/messages}) a second, sustained ({@code RATE_LIMIT_SEND_RATE})
 * @param sendBurst sends at once ({@code RATE_LIMIT_SEND_BURST})
 * @param apiRate every other {@code /api/**} call a second ({@code RATE_LIMIT_API_RATE})
 * @param apiBurst other calls at once ({@code RATE_LIMIT_API_BURST})
 * @param redisTimeout longest wait for Redis; past it (or with Redis away) the call is let through
 */
@ConfigurationProperties("messaging.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("20") int sendRate,
		@DefaultValue("100") int sendBurst, @DefaultValue("50") int apiRate, @DefaultValue("200") int apiBurst,
		@DefaultValue("500ms") Duration redisTimeout) {
}
