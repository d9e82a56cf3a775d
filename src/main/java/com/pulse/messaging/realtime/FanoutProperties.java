package com.pulse.messaging.realtime;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Fan-out between instances.
 *
 * @param shardedPubsub {@code auto}: sharded pub/sub (SPUBLISH/SSUBSCRIBE, Redis 7+) when Redis is a Cluster,
 *     classic PUBLISH/SUBSCRIBE otherwise; {@code true}: sharded always (Redis 7+ standalone or Cluster);
 *     {@code false}: classic always
 */
@ConfigurationProperties("messaging.realtime.fanout")
public record FanoutProperties(@DefaultValue("auto") ShardedPubSubMode shardedPubsub) {

	/** Whether envelopes travel by sharded pub/sub. */
	public enum ShardedPubSubMode {

		AUTO, TRUE, FALSE

	}

}
