package com.pulse.messaging.realtime;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.ReactiveSubscription;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;

/**
 * PUBLISH / SUBSCRIBE through Spring Data Redis. On Redis Cluster a PUBLISH is forwarded to every node
 * (the cluster bus carries each envelope to all of them), although only the one target instance listens.
 */
final class ClassicPubSub implements FanoutTransport {

	private final ReactiveStringRedisTemplate redis;

	private final ReactiveRedisMessageListenerContainer listener;

	ClassicPubSub(ReactiveStringRedisTemplate redis, ReactiveRedisMessageListenerContainer listener) {
		this.redis = redis;
		this.listener = listener;
	}

	@Override
	public String name() {
		return "classic";
	}

	@Override
	public Mono<Void> publish(String channel, String text) {
		return this.redis.convertAndSend(channel, text).then();
	}

	@Override
	public Mono<Flux<String>> subscribe(String channel) {
		return this.listener.receiveLater(ChannelTopic.of(channel))
			.map((messages) -> messages.map(ReactiveSubscription.Message::getMessage));
	}

}
