package com.pulse.messaging.system;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Token buckets in Redis (Bucket4j, compare-and-swap over Lettuce's async API, so nothing blocks), shared by
 * every instance. Keys expire once their bucket would be full again. Connected at start-up; when Redis is
 * away the caller gets an error at once and decides (the REST limits fail open), and the next call tries to
 * connect again.
 */
@Component
class RedisBuckets implements InitializingBean, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RedisBuckets.class);

	private static final Duration STARTUP_CONNECT = Duration.ofSeconds(5);

	private final RedisClient client;

	private final RedisURI uri;

	private final AtomicReference<Mono<AsyncProxyManager<String>>> buckets = new AtomicReference<>();

	RedisBuckets(@Value("${spring.data.redis.url:redis://localhost:6379}") String url,
			ObjectProvider<ClientResources> resources) {
		this.uri = RedisURI.create(url);
		ClientResources shared = resources.getIfAvailable();
		this.client = (shared != null) ? RedisClient.create(shared) : RedisClient.create();
		this.client.setOptions(ClientOptions.builder()
			// while disconnected a command fails at once instead of queueing: the limits fail open, not slow
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.build());
	}

	@Override
	public void afterPropertiesSet() {
		// the first connection is made here, off the event loops (its address lookup may block)
		try {
			manager().block(STARTUP_CONNECT);
		}
		catch (RuntimeException ex) {
			log.warn("Rate-limit store not reachable at start-up ({}); calls are let through until it is", ex.toString());
		}
	}

	/** Takes one token from the bucket of this key, created with this configuration if missing. */
	Mono<ConsumptionProbe> tryConsume(String key, BucketConfiguration configuration) {
		return manager().flatMap((manager) -> Mono
			.fromCompletionStage(() -> manager.builder().build(key, configuration).tryConsumeAndReturnRemaining(1)));
	}

	private Mono<AsyncProxyManager<String>> manager() {
		Mono<AsyncProxyManager<String>> current = this.buckets.get();
		if (current != null) {
			return current;
		}
		Mono<AsyncProxyManager<String>> connecting = Mono
			.fromCompletionStage(() -> this.client.connectAsync(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), this.uri))
			.map(this::proxyManager)
			.doOnError((ex) -> this.buckets.set(null))
			.cache();
		return this.buckets.compareAndSet(null, connecting) ? connecting : this.buckets.get();
	}

	private AsyncProxyManager<String> proxyManager(StatefulRedisConnection<String, byte[]> connection) {
		return Bucket4jLettuce.casBasedBuilder(connection.async())
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
			.build()
			.asAsync();
	}

	@Override
	public void destroy() {
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

}
