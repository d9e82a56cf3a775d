package com.pulse.messaging.realtime;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** How fan-out envelopes travel between instances: Redis pub/sub, classic or sharded. */
interface FanoutTransport {

	/** {@code classic} or {@code sharded}: the metrics' {@code transport} tag. */
	String name();

	/** Publishes one envelope on a channel. */
	Mono<Void> publish(String channel, String text);

	/** Subscribes to a channel: completes, once the subscription is in place, with its messages. */
	Mono<Flux<String>> subscribe(String channel);

}
