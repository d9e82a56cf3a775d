package com.pulse.messaging.realtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The fan-out transport between instances: classic or sharded pub/sub (see {@link FanoutProperties}). */
@Configuration(proxyBeanMethods = false)
class FanoutConfig {

	private static final Logger log = LoggerFactory.getLogger(FanoutConfig.class);

	@Bean
	FanoutTransport fanoutTransport(FanoutProperties properties, ReactiveRedisConnectionFactory factory,
			ReactiveStringRedisTemplate redis) {
		boolean cluster = factory instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware();
		boolean sharded = switch (properties.shardedPubsub()) {
			case TRUE -> true;
			case FALSE -> false;
			case AUTO -> cluster;
		};
		if (sharded && !(factory instanceof LettuceConnectionFactory)) {
			throw new IllegalStateException("messaging.realtime.fanout.sharded-pubsub needs the Lettuce driver");
		}
		log.info("Fan-out between instances: {} pub/sub (Redis {})", sharded ? "sharded" : "classic",
				cluster ? "Cluster" : "standalone");
		return sharded ? new ShardedPubSub((LettuceConnectionFactory) factory) : new ClassicPubSub(redis);
	}

}
