package com.pulse.messaging.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.BackingServices;
import com.pulse.messaging.support.Instances;
import com.pulse.messaging.support.TcpProxy;
import com.pulse.messaging.support.Tokens;
import com.pulse.messaging.support.WsClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;

import static com.pulse.messaging.support.ApiClient.json;
import static com.pulse.messaging.support.Instances.api;
import static com.pulse.messaging.support.Instances.port;
import static com.pulse.messaging.support.Instances.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three instances sharing Redis and MongoDB: a frame reaches the users it is for on whichever instance they
 * are, and an instance receives a fan-out envelope only when it holds a connection the frame is for (counted
 * by {@code messaging.fanout.envelopes.received}). An envelope that should not exist is caught by a marker:
 * one instance publishes its envelopes in order and each channel keeps that order, so once a later marker
 * envelope has arrived on an instance, any earlier envelope for it would have arrived too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreeInstancesTest {

	private static final Logger log = LoggerFactory.getLogger(ThreeInstancesTest.class);

	private ConfigurableApplicationContext a;

	private ConfigurableApplicationContext b;

	private ConfigurableApplicationContext c;

	/** C reaches Redis through this proxy, so a test can take Redis away from C alone. */
	private final TcpProxy redisOfC = TcpProxy.to(BackingServices.redis());

	private final List<WsClient> sockets = new ArrayList<>();

	@BeforeAll
	void startThreeInstances() {
		this.a = start();
		this.b = start();
		this.c = startWithRedisThrough(this.redisOfC);
	}

	@AfterAll
	void stopInstances() {
		for (ConfigurableApplicationContext context : List.of(this.a, this.b, this.c)) {
			context.close();
		}
		this.redisOfC.close();
	}

	@AfterEach
	void closeSockets() {
		this.redisOfC.heal();
		this.sockets.forEach(WsClient::close);
		this.sockets.clear();
	}

	@Test
	void aGroupMessageReachesMembersOnTheOtherTwoInstancesWithOneEnvelopeEach() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String carol = Tokens.newUser();
		String group = api(this.a).groupId(alice, bob, carol);
		WsClient aliceOnA = connect(this.a, alice);
		WsClient bobOnB = connect(this.b, bob);
		WsClient carolOnC = connect(this.c, carol);
		double[] before = received();
		int sent = 10;
		for (int i = 0; i < sent; i++) {
			aliceOnA.send(json("type", "message.send", "ref", "g" + i, "conversation_id", group, "content", "hi " + i));
			aliceOnA.ack("g" + i);
		}
		for (int i = 0; i < sent; i++) {
			assertThat(message(bobOnB.await("message.new")).get("content")).isEqualTo("hi " + i);
			assertThat(message(carolOnC.await("message.new")).get("content")).isEqualTo("hi " + i);
		}
		double[] after = received();
		report("group of 3, one member on each instance", sent, before, after);
		assertThat(after[0] - before[0]).isZero();
		assertThat(after[1] - before[1]).isEqualTo(sent);
		assertThat(after[2] - before[2]).isEqualTo(sent);
	}

	@Test
	void anInstanceWithNoConnectionOfARecipientReceivesNoEnvelopeForIt() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String carol = Tokens.newUser();
		String direct = api(this.a).direct(alice, bob);
		String marker = api(this.a).direct(alice, carol);
		WsClient aliceOnA = connect(this.a, alice);
		WsClient bobOnB = connect(this.b, bob);
		WsClient carolOnC = connect(this.c, carol);
		// both partners' online presence went to alice on A: wait for it, so it does not count below
		aliceOnA.await("presence", (f) -> bob.equals(f.get("user_id")));
		aliceOnA.await("presence", (f) -> carol.equals(f.get("user_id")));
		double[] before = received();
		int sent = 20;
		for (int i = 0; i < sent; i++) {
			aliceOnA.send(json("type", "message.send", "ref", "d" + i, "conversation_id", direct, "content", "to bob " + i));
			aliceOnA.ack("d" + i);
		}
		for (int i = 0; i < sent; i++) {
			bobOnB.await("message.new");
		}
		aliceOnA.send(json("type", "message.send", "ref", "m", "conversation_id", marker, "content", "marker"));
		assertThat(message(carolOnC.await("message.new")).get("content")).isEqualTo("marker");
		double[] after = received();
		report("direct pair on A and B, C holds neither (its marker left out)", sent, before,
				new double[] { after[0], after[1], after[2] - 1 });
		assertThat(after[1] - before[1]).isEqualTo(sent);
		assertThat(after[2] - before[2]).as("envelopes on C: the marker only").isEqualTo(1);
		assertThat(after[0] - before[0]).as("envelopes on A, the sender's instance").isZero();
	}

	@Test
	void aUserWhoMovesToAnotherInstanceStillGetsMessages() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = api(this.a).direct(alice, bob);
		WsClient aliceOnA = connect(this.a, alice);
		WsClient bobOnB = connect(this.b, bob);
		aliceOnA.send(json("type", "message.send", "ref", "1", "conversation_id", conversation, "content", "on B"));
		long seen = ApiClient.number(message(bobOnB.await("message.new")).get("seq"));
		bobOnB.close();
		aliceOnA.send(json("type", "message.send", "ref", "2", "conversation_id", conversation, "content", "while away"));
		aliceOnA.ack("2");
		WsClient bobOnC = connect(this.c, bob);
		bobOnC.send(json("type", "sync", "conversations", Map.of(conversation, seen)));
		bobOnC.await("message.new", (f) -> "while away".equals(message(f).get("content")));
		bobOnC.await("sync.done");
		aliceOnA.send(json("type", "message.send", "ref", "3", "conversation_id", conversation, "content", "on C"));
		bobOnC.await("message.new", (f) -> "on C".equals(message(f).get("content")));
	}

	@Test
	void messagesReachEveryDeviceOfARecipientAcrossInstances() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = api(this.a).direct(alice, bob);
		WsClient aliceOnA = connect(this.a, alice);
		WsClient bobOnB = connect(this.b, bob);
		WsClient bobOnC = connect(this.c, bob);
		WsClient aliceOnC = connect(this.c, alice);
		aliceOnA.send(json("type", "message.send", "ref", "x", "conversation_id", conversation, "content", "everywhere"));
		Map<String, Object> stored = message(aliceOnA.ack("x"));
		assertThat(message(bobOnB.await("message.new"))).isEqualTo(stored);
		assertThat(message(bobOnC.await("message.new"))).isEqualTo(stored);
		assertThat(message(aliceOnC.await("message.new"))).isEqualTo(stored);
		aliceOnA.assertNone("message.new", Duration.ofMillis(200));
	}

	@Test
	void presenceFollowersOnOtherInstancesGetPresenceFrames() {
		String carol = Tokens.newUser();
		String dave = Tokens.newUser();
		WsClient carolOnC = connect(this.c, carol);
		carolOnC.send(json("type", "presence.subscribe", "ref", "s", "user_ids", List.of(dave)));
		carolOnC.ack("s");
		assertThat(carolOnC.await("presence")).containsEntry("user_id", dave).containsEntry("status", "offline");
		WsClient daveOnB = connect(this.b, dave);
		assertThat(carolOnC.await("presence")).containsEntry("user_id", dave).containsEntry("status", "online");
		daveOnB.close();
		assertThat(carolOnC.await("presence")).containsEntry("user_id", dave).containsEntry("status", "offline");
		WsClient daveOnA = connect(this.a, dave);
		assertThat(carolOnC.await("presence")).containsEntry("user_id", dave).containsEntry("status", "online");
		daveOnA.close();
	}

	@Test
	void typingReachesTheOtherMembersOnEveryInstance() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String carol = Tokens.newUser();
		String group = api(this.a).groupId(alice, bob, carol);
		WsClient aliceOnA = connect(this.a, alice);
		WsClient bobOnB = connect(this.b, bob);
		WsClient carolOnC = connect(this.c, carol);
		aliceOnA.send(json("type", "typing", "conversation_id", group, "state", "start"));
		assertThat(bobOnB.await("typing")).containsEntry("user_id", alice).containsEntry("state", "start");
		assertThat(carolOnC.await("typing")).containsEntry("user_id", alice).containsEntry("state", "start");
		aliceOnA.send(json("type", "typing", "conversation_id", group, "state", "stop"));
		assertThat(bobOnB.await("typing")).containsEntry("state", "stop");
		assertThat(carolOnC.await("typing")).containsEntry("state", "stop");
	}

	@Test
	void withoutRedisAnInstanceStillDeliversLocallyAndCrossInstanceDeliveryComesBackWithRedis() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = api(this.a).direct(alice, bob);
		WsClient aliceOnC = connect(this.c, alice);
		WsClient bobOnC = connect(this.c, bob);
		WsClient bobOnA = connect(this.a, bob);
		double dropped = dropped(this.c);
		this.redisOfC.cut();
		aliceOnC.send(json("type", "message.send", "ref", "local", "conversation_id", conversation, "content", "local"));
		aliceOnC.ack("local");
		assertThat(message(bobOnC.await("message.new")).get("content")).isEqualTo("local");
		// the copy for bob's device on A could not be routed: counted, and bob's device gets it from sync
		await().atMost(Duration.ofSeconds(30)).until(() -> dropped(this.c) > dropped);
		this.redisOfC.heal();
		// frames sent before C hears Redis again are dropped: send until one gets through, each way
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			aliceOnC.send(json("type", "message.send", "conversation_id", conversation, "content", "from C"));
			bobOnA.send(json("type", "message.send", "conversation_id", conversation, "content", "from A"));
			assertThat(bobOnA.all("message.new")).anySatisfy((f) -> assertThat(message(f).get("content")).isEqualTo("from C"));
			assertThat(aliceOnC.all("message.new")).anySatisfy((f) -> assertThat(message(f).get("content")).isEqualTo("from A"));
		});
	}

	private static double dropped(ConfigurableApplicationContext instance) {
		return instance.getBean(MeterRegistry.class).get("realtime.fanout.dropped").counter().count();
	}

	/** Envelopes received so far by A, B and C. */
	private double[] received() {
		return new double[] { received(this.a), received(this.b), received(this.c) };
	}

	private static double received(ConfigurableApplicationContext instance) {
		return instance.getBean(MeterRegistry.class)
			.get("messaging.fanout.envelopes.received")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private static void report(String scenario, int sent, double[] before, double[] after) {
		log.info("Fan-out envelopes received per message sent ({}, {} sent on A): A {}, B {}, C {}", scenario, sent,
				(after[0] - before[0]) / sent, (after[1] - before[1]) / sent, (after[2] - before[2]) / sent);
	}

	private WsClient connect(ConfigurableApplicationContext instance, String userId) {
		WsClient client = WsClient.connect(port(instance), userId);
		this.sockets.add(client);
		return client;
	}

	/** An instance whose Redis traffic goes through the proxy. */
	private static ConfigurableApplicationContext startWithRedisThrough(TcpProxy redisProxy) {
		return Instances.start(Map.of(BackingServices.REDIS_URL_PROPERTY,
				BackingServices.redisUrl().replace(BackingServices.redis().address(), redisProxy.address())));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> message(Map<String, Object> frame) {
		return (Map<String, Object>) frame.get("message");
	}

}
