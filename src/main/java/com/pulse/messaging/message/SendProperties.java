package com.pulse.messaging.message;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How sends become visible in seq order.
 *
 * @param commitTimeout how long a stored send waits for a lower seq of its conversation (reserved by a slow or
 * failed writer) before burning that number for good, so one stalled write holds up the others no longer
 * ({@code SEND_COMMIT_TIMEOUT})
 */
@ConfigurationProperties("messaging.send")
public record SendProperties(@DefaultValue("3s") Duration commitTimeout) {
}
