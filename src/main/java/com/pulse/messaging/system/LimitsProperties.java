package com.pulse.messaging.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request limits of the REST API.
 *
 * @param maxGroupSize most participants of a group, the creator included ({@code MAX_GROUP_SIZE})
 * @param maxBodyBytes largest request body accepted; larger answers 413
 */
@ConfigurationProperties("messaging.limits")
public record LimitsProperties(@DefaultValue("1000") int maxGroupSize, @DefaultValue("262144") long maxBodyBytes) {
}
