package com.pulse.messaging.realtime;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.ReactiveSubscription;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;

/**
 * PUBLISH / SUBSCRIBE through Spring Data Redis. On Redis Cluster a PUBLISH is forwarded to every node
 * (the cluster bus carries each envelope to all of them), although only the one target instance listens.
 */
final class ClassicPubSub implements FanoutTransport {

	private final ReactiveStringRedisTemplate redis;

	ClassicPubSub(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
	}

	@Override
	public String name() {
		return "classic";
	}

	@Override
	public Mono<Void> publish(String channel, String text) {
		return this.redis.convertAndSend(channel, text).then();
	}

	/**
	 * A listener of its own each time (a listener container keeps the connection it was built with, which
	 * does not survive the connection factory's stop and start, as when a test context is paused).
	 */
	@Override
	public Mono<Flux<String>> subscribe(String channel) {
		return this.redis.listenToLater(ChannelTopic.of(channel))
			.map((messages) -> messages.map(ReactiveSubscription.Message::getMessage));
	}

}
