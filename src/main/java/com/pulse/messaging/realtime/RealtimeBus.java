package com.pulse.messaging.realtime;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.pulse.messaging.realtime.protocol.FrameCodec;
import com.pulse.messaging.realtime.protocol.ServerFrame;
import com.pulse.messaging.system.MessagingMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Fan-out: delivers a frame to the local connections of its users at once, and through Redis pub/sub to
 * the other instances, which deliver to theirs. Outgoing publishes go through one bounded queue; if Redis
 * is away, remote delivery is dropped and clients catch up with {@code sync}.
 */
@Component
class RealtimeBus implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RealtimeBus.class);

	private static final int PUBLISH_QUEUE = 16_384;

	/** How often the instance counts the subscribers of the channel (itself included). */
	private static final Duration PEER_CHECK = Duration.ofSeconds(1);

	private static final RedisScript<Long> SUBSCRIBERS = RedisScript
		.of("return redis.call('PUBSUB', 'NUMSUB', KEYS[1])[2]", Long.class);

	private final String instanceId = UUID.randomUUID().toString();

	private final SessionRegistry registry;

	private final FrameCodec codec;

	private final JsonMapper json;

	private final ReactiveStringRedisTemplate redis;

	private final ReactiveRedisMessageListenerContainer listener;

	private final RealtimeProperties properties;

	private final MessagingMetrics metrics;

	private final Sinks.Many<String> publishQueue = Sinks.many()
		.unicast()
		.onBackpressureBuffer(Queues.<String>get(PUBLISH_QUEUE).get());

	private volatile Disposable publishing;

	private volatile Disposable receiving;

	private volatile Disposable counting;

	/**
	 * Whether another instance listens on the channel. Alone, an instance skips the publish (a Redis round
	 * trip and an encoding per frame); a newly started peer is noticed within {@link #PEER_CHECK}, and a
	 * client that missed a frame in between catches up with {@code sync}.
	 */
	private volatile boolean peers = true;

	RealtimeBus(SessionRegistry registry, FrameCodec codec, JsonMapper json, ReactiveStringRedisTemplate redis,
			ReactiveRedisMessageListenerContainer listener, RealtimeProperties properties, MessagingMetrics metrics) {
		this.registry = registry;
		this.codec = codec;
		this.json = json;
		this.redis = redis;
		this.listener = listener;
		this.properties = properties;
		this.metrics = metrics;
	}

	/** Between instances: the frame, whom it is for, and which connection already has it. */
	record Envelope(String origin, List<String> users, String exclude, String presenceOf, String frame) {
	}

	/** To every connection of these users except {@code excludeConnection}, on every instance. */
	void toUsers(Collection<String> userIds, ServerFrame frame, String excludeConnection) {
		String text = this.codec.encode(frame);
		deliverLocally(userIds, text, excludeConnection, null);
		publish(new Envelope(this.instanceId, List.copyOf(userIds), excludeConnection, null, text));
	}

	/** A presence change: to these users (direct partners) and to every follower of {@code userId}. */
	void presence(String userId, Collection<String> partners, ServerFrame frame) {
		String text = this.codec.encode(frame);
		deliverLocally(partners, text, null, userId);
		publish(new Envelope(this.instanceId, List.copyOf(partners), null, userId, text));
	}

	private void deliverLocally(Collection<String> userIds, String text, String exclude, String presenceOf) {
		Set<Connection> targets = new LinkedHashSet<>();
		for (String userId : userIds) {
			targets.addAll(this.registry.connectionsOf(userId));
		}
		if (presenceOf != null) {
			targets.addAll(this.registry.followersOf(presenceOf));
		}
		for (Connection connection : targets) {
			if (!connection.id().equals(exclude)) {
				connection.send(text);
			}
		}
	}

	private void publish(Envelope envelope) {
		if (!this.peers) {
			return;
		}
		Sinks.EmitResult result;
		String text = this.json.writeValueAsString(envelope);
		synchronized (this.publishQueue) {
			result = this.publishQueue.tryEmitNext(text);
		}
		if (result.isFailure()) {
			this.metrics.fanoutDropped();
		}
	}

	private void receive(String text) {
		Envelope envelope = this.json.readValue(text, Envelope.class);
		if (!this.instanceId.equals(envelope.origin())) {
			this.peers = true;
			if (envelope.frame() != null) {
				deliverLocally(envelope.users(), envelope.frame(), envelope.exclude(), envelope.presenceOf());
			}
		}
	}

	@Override
	public void start() {
		String channel = this.properties.channel();
		this.publishing = this.publishQueue.asFlux()
			.concatMap((text) -> this.redis.convertAndSend(channel, text)
				.timeout(Duration.ofSeconds(2))
				.onErrorResume((ex) -> {
					this.metrics.fanoutDropped();
					return Mono.empty();
				}), 256)
			.subscribe(null, (error) -> log.error("Fan-out publishing stopped", error));
		// once subscribed, say hello: instances that thought they were alone start publishing at once
		this.receiving = Flux.defer(() -> this.listener.receiveLater(ChannelTopic.of(channel))
			.flatMapMany((messages) -> hello(channel).thenMany(messages)))
			.doOnNext((message) -> {
				try {
					receive(message.getMessage());
				}
				catch (RuntimeException ex) {
					log.warn("Dropped an undecodable fan-out envelope: {}", ex.toString());
				}
			})
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5))
				.doBeforeRetry((signal) -> log.warn("Fan-out subscription lost, resubscribing: {}",
						signal.failure().toString())))
			.subscribe(null, (error) -> log.error("Fan-out subscription stopped", error));
		// ticks that come while Redis is slow to answer are dropped, not queued
		this.counting = Flux.interval(Duration.ZERO, PEER_CHECK)
			.onBackpressureDrop()
			.concatMap((tick) -> countPeers(channel))
			.subscribe(null, (error) -> log.error("Peer counting stopped", error));
	}

	private Mono<Void> hello(String channel) {
		String hello = this.json.writeValueAsString(new Envelope(this.instanceId, List.of(), null, null, null));
		return this.redis.convertAndSend(channel, hello).onErrorResume((ex) -> Mono.empty()).then();
	}

	private Mono<Void> countPeers(String channel) {
		return this.redis.execute(SUBSCRIBERS, List.of(channel))
			.next()
			.doOnNext((subscribers) -> this.peers = subscribers > 1)
			.onErrorResume((ex) -> Mono.empty())
			.then();
	}

	@Override
	public void stop() {
		dispose(this.counting);
		dispose(this.publishing);
		dispose(this.receiving);
		this.publishing = null;
		this.receiving = null;
	}

	private static void dispose(Disposable disposable) {
		if (disposable != null) {
			disposable.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		return this.publishing != null;
	}

	/** Stops after {@link GracefulClose}, so the presence changes of the sockets it closes still go out. */
	@Override
	public int getPhase() {
		return GracefulClose.PHASE - 100;
	}

}
