package com.pulse.messaging.realtime;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.reactive.BaseRedisReactiveCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.concurrent.Queues;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * SPUBLISH / SSUBSCRIBE (Redis 7+) on Lettuce connections of their own, since Spring Data Redis has no
 * sharded pub/sub. On a Cluster, a shard channel lives in the slot of its name: the envelope for an
 * instance goes only to the shard that owns its channel, instead of over the cluster bus to every node.
 * The subscriber's connection to that shard is Lettuce's (routed by slot); when the slot moves, Redis ends
 * the subscription ({@code sunsubscribe}) and the bus subscribes again, on the new owner.
 */
final class ShardedPubSub implements FanoutTransport, DisposableBean {

	/** Envelopes received and not yet delivered; past it they are dropped. */
	private static final int RECEIVE_QUEUE = 16_384;

	private final LettuceConnectionFactory factory;

	private final Object lock = new Object();

	/** The connections being opened, or open; null before the first use and after a failed attempt. */
	private Mono<Void> connecting;

	/** The factory's client these connections come from. */
	private volatile AbstractRedisClient client;

	private volatile StatefulConnection<String, String> publisher;

	private volatile StatefulRedisPubSubConnection<String, String> subscriber;

	ShardedPubSub(LettuceConnectionFactory factory) {
		this.factory = factory;
	}

	@Override
	public String name() {
		return "sharded";
	}

	@Override
	public Mono<Void> publish(String channel, String text) {
		return Mono.defer(this::connected).then(Mono.defer(() -> commands().spublish(channel, text))).then();
	}

	@SuppressWarnings("unchecked")
	private BaseRedisReactiveCommands<String, String> commands() {
		StatefulConnection<String, String> connection = this.publisher;
		if (connection instanceof StatefulRedisClusterConnection<String, String> cluster) {
			return cluster.reactive();
		}
		return ((io.lettuce.core.api.StatefulRedisConnection<String, String>) connection).reactive();
	}

	@Override
	public Mono<Flux<String>> subscribe(String channel) {
		return Mono.defer(this::connected).then(Mono.defer(() -> {
			StatefulRedisPubSubConnection<String, String> connection = this.subscriber;
			Sinks.Many<String> messages = Sinks.many().unicast().onBackpressureBuffer(Queues.<String>get(RECEIVE_QUEUE).get());
			// the listener is in place before the subscription, so no message falls between them
			Runnable remove = listen(connection, channel, new Inbox(messages));
			return connection.reactive()
				.ssubscribe(channel)
				.thenReturn(messages.asFlux().doFinally((signal) -> remove.run()))
				.doOnError((error) -> remove.run());
		}));
	}

	/** Messages of one channel, from Lettuce's threads (one per shard connection) into one bounded queue. */
	private record Inbox(Sinks.Many<String> sink) {

		synchronized void message(String text) {
			// a subscriber that cannot keep up loses envelopes, as a classic pub/sub client would be cut off
			this.sink.tryEmitNext(text);
		}

		synchronized void lost(String why) {
			this.sink.tryEmitError(new IllegalStateException(why));
		}

	}

	private static Runnable listen(StatefulRedisPubSubConnection<String, String> connection, String channel, Inbox inbox) {
		if (connection instanceof StatefulRedisClusterPubSubConnection<String, String> cluster) {
			RedisClusterPubSubAdapter<String, String> listener = new RedisClusterPubSubAdapter<>() {
				@Override
				public void smessage(RedisClusterNode node, String from, String message) {
					if (channel.equals(from)) {
						inbox.message(message);
					}
				}

				@Override
				public void sunsubscribed(RedisClusterNode node, String from, long count) {
					if (channel.equals(from)) {
						inbox.lost("shard channel unsubscribed by " + node.getUri() + " (slot moved?)");
					}
				}
			};
			cluster.addListener(listener);
			return () -> cluster.removeListener(listener);
		}
		RedisPubSubAdapter<String, String> listener = new RedisPubSubAdapter<>() {
			@Override
			public void smessage(String from, String message) {
				if (channel.equals(from)) {
					inbox.message(message);
				}
			}

			@Override
			public void sunsubscribed(String from, long count) {
				if (channel.equals(from)) {
					inbox.lost("shard channel unsubscribed");
				}
			}
		};
		connection.addListener(listener);
		return () -> connection.removeListener(listener);
	}

	/** Connects once, without blocking; a failed attempt is forgotten, so the next call tries again. */
	private Mono<Void> connected() {
		synchronized (this.lock) {
			// the factory makes a new client when it is stopped and started again: connect anew to that one
			if (this.connecting == null || this.client != this.factory.getNativeClient()) {
				this.client = this.factory.getRequiredNativeClient();
				this.connecting = connect().doOnError((error) -> {
					synchronized (this.lock) {
						this.connecting = null;
					}
				}).cache();
			}
			return this.connecting;
		}
	}

	/**
	 * Lettuce's own connect, which waits for the handshake: on a thread that may block (at start-up the
	 * main thread; on a retry a bounded-elastic one). Lettuce's asynchronous connect was tried and takes a
	 * lock on its event loop that BlockHound reports.
	 */
	private Mono<Void> connect() {
		return Mono.fromRunnable(this::connectBlocking).subscribeOn(Schedulers.boundedElastic()).then();
	}

	private void connectBlocking() {
		AbstractRedisClient client = this.client;
		if (client instanceof RedisClusterClient cluster) {
			StatefulRedisClusterPubSubConnection<String, String> pubSub = cluster.connectPubSub(StringCodec.UTF8);
			// messages arrive on the connection to the shard that owns the channel, not the default one
			pubSub.setNodeMessagePropagation(true);
			this.publisher = cluster.connect(StringCodec.UTF8);
			this.subscriber = pubSub;
		}
		else {
			RedisClient standalone = (RedisClient) client;
			RedisURI uri = standaloneUri();
			this.subscriber = standalone.connectPubSub(StringCodec.UTF8, uri);
			this.publisher = standalone.connect(StringCodec.UTF8, uri);
		}
	}

	/** Spring creates its standalone client without an address (it passes one per connection): the same here. */
	private RedisURI standaloneUri() {
		RedisStandaloneConfiguration config = this.factory.getStandaloneConfiguration();
		RedisURI.Builder uri = RedisURI.builder()
			.withHost(config.getHostName())
			.withPort(config.getPort())
			.withDatabase(config.getDatabase())
			.withSsl(this.factory.isUseSsl());
		if (config.getPassword().isPresent() && config.getUsername() != null) {
			uri.withAuthentication(config.getUsername(), config.getPassword().get());
		}
		else if (config.getPassword().isPresent()) {
			uri.withPassword(config.getPassword().get());
		}
		return uri.build();
	}

	@Override
	public void destroy() {
		// the connection factory may have shut its client, and these connections with it, already
		for (StatefulConnection<String, String> connection : new StatefulConnection[] { this.subscriber, this.publisher }) {
			if (connection != null && connection.isOpen()) {
				connection.close();
			}
		}
	}

}
