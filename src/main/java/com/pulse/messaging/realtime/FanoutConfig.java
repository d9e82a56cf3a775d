package com.pulse.messaging.realtime;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;

/** The fan-out transport between instances. */
@Configuration(proxyBeanMethods = false)
class FanoutConfig {

	@Bean
	FanoutTransport fanoutTransport(ReactiveStringRedisTemplate redis, ReactiveRedisMessageListenerContainer listener) {
		return new ClassicPubSub(redis, listener);
	}

}
