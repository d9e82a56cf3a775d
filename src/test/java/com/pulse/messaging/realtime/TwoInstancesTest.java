package com.pulse.messaging.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.pulse.messaging.support.Tokens;
import com.pulse.messaging.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.context.ConfigurableApplicationContext;

import static com.pulse.messaging.support.ApiClient.json;
import static com.pulse.messaging.support.Instances.api;
import static com.pulse.messaging.support.Instances.port;
import static com.pulse.messaging.support.Instances.start;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the service on their own ports, sharing Redis and MongoDB, as behind a load balancer:
 * messages, typing and presence cross from one to the other. Last, one instance shuts down gracefully.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesTest {

	private ConfigurableApplicationContext first;

	private ConfigurableApplicationContext second;

	private final List<WsClient> sockets = new ArrayList<>();

	@BeforeAll
	void startTwoInstances() {
		this.first = start();
		this.second = start();
	}

	@AfterAll
	void stopInstances() {
		for (ConfigurableApplicationContext context : List.of(this.first, this.second)) {
			if (context.isActive()) {
				context.close();
			}
		}
	}

	@AfterEach
	void closeSockets() {
		this.sockets.forEach(WsClient::close);
		this.sockets.clear();
	}

	@Test
	@Order(1)
	void messagesReachEveryDeviceWhicheverInstanceItIsOn() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = api(this.first).direct(alice, bob);
		WsClient aliceOnFirst = connect(this.first, alice);
		WsClient aliceOnSecond = connect(this.second, alice);
		WsClient bobOnSecond = connect(this.second, bob);
		aliceOnFirst.send(json("type", "message.send", "ref", "x", "conversation_id", conversation, "content", "across"));
		Map<String, Object> stored = message(aliceOnFirst.ack("x"));
		assertThat(message(bobOnSecond.await("message.new"))).isEqualTo(stored);
		assertThat(message(aliceOnSecond.await("message.new"))).isEqualTo(stored);
		Map<String, Object> reply = api(this.second).send(bob, conversation, "back");
		assertThat(message(aliceOnFirst.await("message.new"))).isEqualTo(reply);
		assertThat(aliceOnFirst.count("message.new")).isOne();
	}

	@Test
	@Order(2)
	void typingCrossesInstances() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = api(this.first).direct(alice, bob);
		WsClient aliceOnFirst = connect(this.first, alice);
		WsClient bobOnSecond = connect(this.second, bob);
		aliceOnFirst.send(json("type", "typing", "conversation_id", conversation, "state", "start"));
		assertThat(bobOnSecond.await("typing")).containsEntry("user_id", alice).containsEntry("state", "start");
	}

	@Test
	@Order(3)
	void presenceIsOnlineWhileAnyConnectionOnAnyInstanceIsOpen() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		WsClient aliceOnFirst = connect(this.first, alice);
		aliceOnFirst.send(json("type", "presence.subscribe", "user_ids", List.of(bob)));
		assertThat(aliceOnFirst.await("presence")).containsEntry("status", "offline");
		WsClient bobOnSecond = connect(this.second, bob);
		assertThat(aliceOnFirst.await("presence")).containsEntry("user_id", bob).containsEntry("status", "online");
		WsClient bobOnFirst = connect(this.first, bob);
		bobOnSecond.close();
		aliceOnFirst.assertNone("presence", java.time.Duration.ofMillis(500));
		bobOnFirst.close();
		assertThat(aliceOnFirst.await("presence")).containsEntry("user_id", bob).containsEntry("status", "offline");
	}

	@Test
	@Order(Integer.MAX_VALUE)
	void shuttingAnInstanceDownClosesItsSocketsWith1001() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		WsClient aliceOnFirst = connect(this.first, alice);
		aliceOnFirst.send(json("type", "presence.subscribe", "user_ids", List.of(bob)));
		aliceOnFirst.await("presence");
		WsClient bobPhone = connect(this.second, bob);
		WsClient bobLaptop = connect(this.second, bob);
		aliceOnFirst.await("presence", (f) -> "online".equals(f.get("status")));
		this.second.close();
		assertThat(bobPhone.awaitClose()).isEqualTo(1001);
		assertThat(bobLaptop.awaitClose()).isEqualTo(1001);
		assertThat(aliceOnFirst.await("presence")).containsEntry("user_id", bob).containsEntry("status", "offline");
	}

	private WsClient connect(ConfigurableApplicationContext instance, String userId) {
		WsClient client = WsClient.connect(port(instance), userId);
		this.sockets.add(client);
		return client;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> message(Map<String, Object> frame) {
		return (Map<String, Object>) frame.get("message");
	}

}
