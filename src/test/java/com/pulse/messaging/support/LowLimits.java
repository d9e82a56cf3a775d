package com.pulse.messaging.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * Low abuse limits, so tests reach them in a few calls: REST budgets of 3 sends and 5 other calls (1 a second),
 * 3 sockets a user, a 1 s clock skew and a 2 s expiry notice (tokens that expire within seconds), and one
 * allowed web origin. Every class carrying it shares one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@TestPropertySource(properties = { "messaging.rate-limit.send-rate=1", "messaging.rate-limit.send-burst=3",
		"messaging.rate-limit.api-rate=1", "messaging.rate-limit.api-burst=5",
		"messaging.realtime.max-connections-per-user=3", "messaging.jwt.clock-skew=1s",
		"messaging.realtime.token-expiry-notice=2s", "messaging.cors.allowed-origins=" + LowLimits.ORIGIN })
public @interface LowLimits {

	/** The one web origin allowed. */
	String ORIGIN = "https://app.pulse.test";

}
