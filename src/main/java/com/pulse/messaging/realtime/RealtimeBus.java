package com.pulse.messaging.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.pulse.messaging.realtime.protocol.FrameCodec;
import com.pulse.messaging.realtime.protocol.ServerFrame;
import com.pulse.messaging.system.MessagingMetrics;
import io.micrometer.core.instrument.Counter;
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
import org.springframework.stereotype.Component;

/**
 * Targeted fan-out: delivers a frame to the local connections of its users at once, then looks up in the
 * {@link RouteDirectory} which other instances hold a connection of one of them (or follow the presence it
 * announces) and publishes one envelope to each of those instances' own channel, naming the users there.
 * Each instance subscribes only to its own channel, so it receives only frames it has someone for; no
 * instance counts its peers. Lookups and publishes go through one bounded queue; if Redis is away, remote
 * delivery is dropped (counted) and clients catch up with {@code sync}.
 */
@Component
class RealtimeBus implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RealtimeBus.class);

	/** Frames waiting for their route lookup. */
	private static final int PUBLISH_QUEUE = 16_384;

	/** Route lookups in flight at once; their results are used in the order the frames came. */
	private static final int LOOKUPS = 64;

	/** Publishes in flight at once; they are written to Redis in order, so each channel keeps it. */
	private static final int PUBLISHES = 256;

	private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);

	/** How long start-up waits for the subscription to this instance's channel before going on without it. */
	private static final Duration SUBSCRIBE_WAIT = Duration.ofSeconds(10);

	private final SessionRegistry registry;

	private final RouteDirectory directory;

	private final FrameCodec codec;

	private final JsonMapper json;

	private final FanoutTransport transport;

	private final RealtimeProperties properties;

	private final MessagingMetrics metrics;

	private final Counter published;

	private final Counter received;

	/** Made anew at each start, so the bus survives a stop and start (a paused test context is one). */
	private volatile Sinks.Many<Fanout> publishQueue = newQueue();

	private volatile Disposable publishing;

	private volatile Disposable receiving;

	private volatile Disposable following;

	RealtimeBus(SessionRegistry registry, RouteDirectory directory, FrameCodec codec, JsonMapper json,
			FanoutTransport transport, RealtimeProperties properties, MessagingMetrics metrics) {
		this.registry = registry;
		this.directory = directory;
		this.codec = codec;
		this.json = json;
		this.transport = transport;
		this.properties = properties;
		this.metrics = metrics;
		this.published = metrics.fanoutEnvelopesPublished(transport.name());
		this.received = metrics.fanoutEnvelopesReceived(transport.name());
	}

	/** Between instances: the frame, whom it is for there, and which connection already has it. */
	record Envelope(String origin, List<String> users, String exclude, String presenceOf, String frame) {
	}

	/** A frame on its way out: delivered here already, the other instances still to find. */
	private record Fanout(List<String> users, String exclude, String presenceOf, String frame) {
	}

	/** One envelope for one instance's channel. */
	private record Outgoing(String channel, String text) {
	}

	/** To every connection of these users except {@code excludeConnection}, on every instance. */
	void toUsers(Collection<String> userIds, ServerFrame frame, String excludeConnection) {
		String text = this.codec.encode(frame);
		deliverLocally(userIds, text, excludeConnection, null);
		enqueue(new Fanout(List.copyOf(userIds), excludeConnection, null, text));
	}

	/** A presence change: to these users (direct partners) and to every follower of {@code userId}. */
	void presence(String userId, Collection<String> partners, ServerFrame frame) {
		String text = this.codec.encode(frame);
		deliverLocally(partners, text, null, userId);
		enqueue(new Fanout(List.copyOf(partners), null, userId, text));
	}

	/** This instance's own channel: the only one it subscribes to. */
	String channel() {
		return channelOf(this.directory.instanceId());
	}

	private String channelOf(String instanceId) {
		return this.properties.channel() + ":" + instanceId;
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

	private void enqueue(Fanout fanout) {
		if (fanout.users().isEmpty() && fanout.presenceOf() == null) {
			return;
		}
		Sinks.EmitResult result;
		Sinks.Many<Fanout> queue = this.publishQueue;
		synchronized (queue) {
			result = queue.tryEmitNext(fanout);
		}
		if (result.isFailure()) {
			this.metrics.fanoutDropped();
		}
	}

	/** The envelopes of one frame: one per other instance that holds one of its users or follows its presence. */
	private Mono<List<Outgoing>> route(Fanout fanout) {
		return this.directory.targets(fanout.users(), fanout.presenceOf())
			.timeout(REDIS_TIMEOUT)
			.map((targets) -> {
				List<Outgoing> envelopes = new ArrayList<>();
				for (String instance : targets.instances()) {
					if (instance.equals(this.directory.instanceId())) {
						continue;
					}
					List<String> users = List.copyOf(targets.usersByInstance().getOrDefault(instance, Set.of()));
					String presenceOf = targets.followingInstances().contains(instance) ? fanout.presenceOf() : null;
					Envelope envelope = new Envelope(this.directory.instanceId(), users, fanout.exclude(), presenceOf,
							fanout.frame());
					envelopes.add(new Outgoing(channelOf(instance), this.json.writeValueAsString(envelope)));
				}
				return envelopes;
			})
			.onErrorResume((ex) -> {
				this.metrics.fanoutDropped();
				return Mono.empty();
			});
	}

	private Mono<Void> publish(Outgoing outgoing) {
		return this.transport.publish(outgoing.channel(), outgoing.text())
			.timeout(REDIS_TIMEOUT)
			.doOnSuccess((done) -> this.published.increment())
			.onErrorResume((ex) -> {
				this.metrics.fanoutDropped();
				return Mono.empty();
			});
	}

	private void receive(String text) {
		Envelope envelope = this.json.readValue(text, Envelope.class);
		this.received.increment();
		if (envelope.frame() != null) {
			deliverLocally(envelope.users(), envelope.frame(), envelope.exclude(), envelope.presenceOf());
		}
	}

	@Override
	public void start() {
		Sinks.Empty<Void> subscribed = Sinks.empty();
		this.receiving = Flux.defer(() -> this.transport.subscribe(channel()).flatMapMany((messages) -> {
			subscribed.tryEmitEmpty();
			return messages;
		})).doOnNext((text) -> {
			try {
				receive(text);
			}
			catch (RuntimeException ex) {
				log.warn("Dropped an undecodable fan-out envelope: {}", ex.toString());
			}
		})
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
				.maxBackoff(Duration.ofSeconds(5))
				.doBeforeRetry((signal) -> log.warn("Fan-out subscription lost, resubscribing: {}",
						signal.failure().toString())))
			.subscribe(null, (error) -> log.error("Fan-out subscription stopped", error));
		this.publishQueue = newQueue();
		this.publishing = this.publishQueue.asFlux()
			.flatMapSequential(this::route, LOOKUPS)
			.concatMapIterable((envelopes) -> envelopes)
			.flatMap(this::publish, PUBLISHES)
			.subscribe(null, (error) -> log.error("Fan-out publishing stopped", error));
		this.following = this.registry.followWrites()
			.subscribe(null, (error) -> log.error("Presence follow registration stopped", error));
		// start-up, not an event loop: an instance is ready only once its channel is heard, since other
		// instances send to it as soon as its first connection is registered
		try {
			subscribed.asMono().timeout(SUBSCRIBE_WAIT).block();
		}
		catch (RuntimeException ex) {
			log.warn("Fan-out channel not subscribed yet ({}); still trying", ex.toString());
		}
	}

	private static Sinks.Many<Fanout> newQueue() {
		return Sinks.many().unicast().onBackpressureBuffer(Queues.<Fanout>get(PUBLISH_QUEUE).get());
	}

	@Override
	public void stop() {
		dispose(this.publishing);
		dispose(this.receiving);
		dispose(this.following);
		this.publishing = null;
		this.receiving = null;
		this.following = null;
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
