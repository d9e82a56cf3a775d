package com.pulse.messaging.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.pulse.messaging.support.BackingServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.data.mapping.model.SnakeCaseFieldNamingStrategy;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.SimpleReactiveMongoDatabaseFactory;
import org.springframework.data.mongodb.core.convert.DefaultMongoTypeMapper;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.convert.NoOpDbRefResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The relay's rounds against a real MongoDB (embedded), with a stand-in for the broker. */
class OutboxRelayTest {

	private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

	private static MongoClient client;

	private ReactiveMongoTemplate mongo;

	private final MutableClock clock = new MutableClock(T0);

	private final FakePublisher publisher = new FakePublisher();

	private final OutboxSignal signal = new OutboxSignal();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@BeforeAll
	static void connect() {
		client = MongoClients.create(BackingServices.mongoUri(BackingServices.Mode.TEST));
	}

	@AfterAll
	static void disconnect() {
		client.close();
	}

	@BeforeEach
	void freshDatabase() {
		// mapped as the service maps them: snake_case fields, no _class
		MongoCustomConversions conversions = new MongoCustomConversions(List.of());
		MongoMappingContext context = new MongoMappingContext();
		context.setFieldNamingStrategy(new SnakeCaseFieldNamingStrategy());
		context.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
		context.afterPropertiesSet();
		MappingMongoConverter converter = new MappingMongoConverter(NoOpDbRefResolver.INSTANCE, context);
		converter.setCustomConversions(conversions);
		converter.setTypeMapper(new DefaultMongoTypeMapper(null));
		converter.afterPropertiesSet();
		String database = "relay_" + UUID.randomUUID().toString().replace("-", "");
		this.mongo = new ReactiveMongoTemplate(new SimpleReactiveMongoDatabaseFactory(client, database), converter);
	}

	@Test
	void publishesDueEntriesOldestFirstAndDeletesThemOnceConfirmed() {
		store(entry("second", EventTypes.MESSAGE_READ, null, T0.minusMillis(1)));
		store(entry("first", EventTypes.CONVERSATION_CREATED, null, T0.minusMillis(2)));
		store(entry("later", EventTypes.MESSAGE_READ, null, T0.plusSeconds(5)));
		OutboxRelay relay = relay("a", settings(500));

		StepVerifier.create(relay.round()).assertNext((pause) -> assertThat(pause.wakeable()).isTrue()).verifyComplete();

		assertThat(this.publisher.batches).singleElement()
			.satisfies((batch) -> assertThat(batch).extracting(PublishableEvent::eventId).containsExactly("first", "second"));
		assertThat(remainingIds()).containsExactly("later");
		assertThat(this.meters.counter(EventMetrics.PUBLISHED, "type", EventTypes.MESSAGE_READ).count()).isEqualTo(1);
	}

	@Test
	void continuesAtOnceWhileBatchesComeBackFull() {
		for (int i = 0; i < 5; i++) {
			store(entry("e" + i, EventTypes.MESSAGE_READ, null, T0.minusSeconds(10 - i)));
		}
		OutboxRelay relay = relay("a", settings(2));

		StepVerifier.create(relay.round()).assertNext((pause) -> assertThat(pause.duration()).isZero()).verifyComplete();
		StepVerifier.create(relay.round()).assertNext((pause) -> assertThat(pause.duration()).isZero()).verifyComplete();
		StepVerifier.create(relay.round()).assertNext((pause) -> assertThat(pause.duration()).isPositive()).verifyComplete();

		assertThat(this.publisher.batches).extracting(List::size).containsExactly(2, 2, 1);
		assertThat(remainingIds()).isEmpty();
	}

	@Test
	void holdsMessageSentBackUntilItsMessageIsStored() {
		String messageId = new ObjectId().toHexString();
		store(entry("sent", EventTypes.MESSAGE_SENT, messageId, T0));
		OutboxRelay relay = relay("a", settings(500));

		StepVerifier.create(relay.round())
			.assertNext((pause) -> assertThat(pause.duration()).isEqualTo(Duration.ofMillis(50)))
			.verifyComplete();
		assertThat(this.publisher.batches).isEmpty();
		assertThat(remainingIds()).containsExactly("sent");

		this.mongo.insert(new Document("_id", new ObjectId(messageId)), "messages").block();
		this.clock.advance(Duration.ofMillis(50));
		StepVerifier.create(relay.round()).expectNextCount(1).verifyComplete();

		assertThat(this.publisher.batches).singleElement()
			.satisfies((batch) -> assertThat(batch).extracting(PublishableEvent::eventId).containsExactly("sent"));
		assertThat(remainingIds()).isEmpty();
	}

	@Test
	void dropsMessageSentWhoseMessageWasNeverStoredAfterTheGracePeriod() {
		store(entry("failed-send", EventTypes.MESSAGE_SENT, new ObjectId().toHexString(), T0));
		store(entry("read", EventTypes.MESSAGE_READ, null, T0));
		OutboxRelay relay = relay("a", settings(500));
		this.clock.advance(Duration.ofSeconds(61));

		StepVerifier.create(relay.round()).expectNextCount(1).verifyComplete();

		assertThat(this.publisher.batches).singleElement()
			.satisfies((batch) -> assertThat(batch).extracting(PublishableEvent::eventId).containsExactly("read"));
		assertThat(remainingIds()).isEmpty();
		assertThat(this.meters.counter(EventMetrics.ABANDONED).count()).isEqualTo(1);
	}

	@Test
	void keepsEntriesAndBacksOffExponentiallyWhileTheBrokerFails() {
		store(entry("e1", EventTypes.MESSAGE_READ, null, T0));
		OutboxRelay relay = relay("a", settings(500));
		this.publisher.failing.set(true);

		StepVerifier.create(relay.round())
			.assertNext((pause) -> assertThat(pause).isEqualTo(new OutboxRelay.Pause(Duration.ofMillis(500), false)))
			.verifyComplete();
		OutboxEntry afterOne = this.mongo.findById("e1", OutboxEntry.class).block();
		assertThat(afterOne.attempts()).isEqualTo(1);
		assertThat(afterOne.nextAttemptAt()).isEqualTo(T0.plusMillis(500));

		this.clock.advance(Duration.ofMillis(500));
		StepVerifier.create(relay.round())
			.assertNext((pause) -> assertThat(pause.duration()).isEqualTo(Duration.ofSeconds(1)))
			.verifyComplete();
		assertThat(this.mongo.findById("e1", OutboxEntry.class).block().attempts()).isEqualTo(2);
		assertThat(this.meters.counter(EventMetrics.PUBLISH_FAILURES).count()).isEqualTo(2);

		this.publisher.failing.set(false);
		this.clock.advance(Duration.ofSeconds(1));
		StepVerifier.create(relay.round()).expectNextCount(1).verifyComplete();
		assertThat(remainingIds()).isEmpty();
		assertThat(this.publisher.batches).hasSize(1);
	}

	@Test
	void publishesNothingDuringTheBackOffButKeepsItsLease() {
		store(entry("e1", EventTypes.MESSAGE_READ, null, T0));
		OutboxRelay relay = relay("a", settings(500));
		this.publisher.failing.set(true);
		StepVerifier.create(relay.round()).expectNextCount(1).verifyComplete();
		this.publisher.failing.set(false);
		store(entry("e2", EventTypes.MESSAGE_READ, null, T0));

		this.clock.advance(Duration.ofMillis(100));
		StepVerifier.create(relay.round())
			.assertNext((pause) -> assertThat(pause).isEqualTo(new OutboxRelay.Pause(Duration.ofMillis(400), false)))
			.verifyComplete();

		assertThat(this.publisher.batches).isEmpty();
		assertThat(leaseOwner()).isEqualTo("a");
	}

	@Test
	void onlyTheLeaseHolderPublishesAndAnotherTakesOverOnceTheLeaseExpires() {
		OutboxRelay a = relay("a", settings(500));
		OutboxRelay b = relay("b", settings(500));
		StepVerifier.create(a.round()).expectNextCount(1).verifyComplete();
		store(entry("e1", EventTypes.MESSAGE_READ, null, T0));

		StepVerifier.create(b.round())
			.assertNext((pause) -> assertThat(pause).isEqualTo(new OutboxRelay.Pause(Duration.ofSeconds(1), false)))
			.verifyComplete();
		assertThat(this.publisher.batches).isEmpty();

		// "a" died without releasing: "b" waits for the lease to expire, then publishes
		this.clock.advance(Duration.ofSeconds(31));
		StepVerifier.create(b.round()).expectNextCount(1).verifyComplete();
		assertThat(this.publisher.batches).hasSize(1);
		assertThat(leaseOwner()).isEqualTo("b");
		StepVerifier.create(a.round())
			.assertNext((pause) -> assertThat(pause.wakeable()).isFalse())
			.verifyComplete();
	}

	@Test
	void runningRelayPublishesOnWakeUpWithoutWaitingForThePollAndReleasesItsLeaseOnStop() throws InterruptedException {
		EventsProperties slowPoll = new EventsProperties("messaging.events", "user.events", "q", 500,
				Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofMillis(500), Duration.ofSeconds(30),
				Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMillis(50), Duration.ofSeconds(5),
				Duration.ofMillis(20));
		OutboxRelay relay = new OutboxRelay(this.mongo, this.publisher, this.signal, slowPoll, Clock.systemUTC(),
				this.meters, "live");
		relay.start();
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> "live".equals(leaseOwner()));
			Instant now = Instant.now();
			store(entry("woken", EventTypes.MESSAGE_READ, null, now));
			this.signal.wake();
			await().atMost(Duration.ofSeconds(5)).until(() -> !this.publisher.batches.isEmpty());
			assertThat(remainingIds()).isEmpty();
		}
		finally {
			CountDownLatch stopped = new CountDownLatch(1);
			relay.stop(stopped::countDown);
			assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(relay.isRunning()).isFalse();
		assertThat(leaseOwner()).isNull();
	}

	// ------------------------------------------------------------------ helpers

	private OutboxRelay relay(String id, EventsProperties properties) {
		return new OutboxRelay(this.mongo, this.publisher, this.signal, properties, this.clock, this.meters, id);
	}

	private static EventsProperties settings(int batchSize) {
		return new EventsProperties("messaging.events", "user.events", "q", batchSize, Duration.ofSeconds(1),
				Duration.ofSeconds(30), Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(10),
				Duration.ofSeconds(60), Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofMillis(20));
	}

	private static OutboxEntry entry(String id, String type, String guard, Instant at) {
		return new OutboxEntry(id, type, "{\"event_id\":\"" + id + "\"}", guard, at, 0, at);
	}

	private void store(OutboxEntry entry) {
		this.mongo.insert(entry).block();
	}

	private List<String> remainingIds() {
		return this.mongo.findAll(OutboxEntry.class).map(OutboxEntry::id).sort().collectList().block();
	}

	private String leaseOwner() {
		Document lease = this.mongo
			.findOne(Query.query(Criteria.where("_id").is("relay")), Document.class, RelayLease.COLLECTION)
			.block();
		return (lease != null) ? lease.getString("owner") : null;
	}

	/** Stands in for the broker: records confirmed batches, or fails every publish while failing is set. */
	static final class FakePublisher implements EventPublisher {

		final List<List<PublishableEvent>> batches = new CopyOnWriteArrayList<>();

		final AtomicBoolean failing = new AtomicBoolean();

		@Override
		public Mono<Void> publish(List<PublishableEvent> events) {
			return Mono.defer(() -> {
				if (this.failing.get()) {
					return Mono.error(new IllegalStateException("broker unreachable"));
				}
				this.batches.add(List.copyOf(events));
				return Mono.empty();
			});
		}

	}

	static final class MutableClock extends Clock {

		private final AtomicReference<Instant> now;

		MutableClock(Instant start) {
			this.now = new AtomicReference<>(start);
		}

		void advance(Duration duration) {
			this.now.updateAndGet((instant) -> instant.plus(duration));
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now.get();
		}

	}

}
