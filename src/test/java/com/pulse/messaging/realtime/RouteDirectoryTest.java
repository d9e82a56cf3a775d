package com.pulse.messaging.realtime;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.Tokens;
import com.pulse.messaging.support.WsClient;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static com.pulse.messaging.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The fan-out routes in Redis: who is connected where, who follows whose presence, and when entries stop counting. */
class RouteDirectoryTest extends IntegrationTestBase {

	@Autowired
	private RouteDirectory directory;

	@Autowired
	private ReactiveStringRedisTemplate redis;

	@Test
	void aConnectionCountsFromItsRegistrationUntilItCloses() {
		String user = Tokens.newUser();
		this.directory.connected(user, "c1").as(StepVerifier::create).verifyComplete();
		assertThat(targets(List.of(user), null).usersByInstance())
			.isEqualTo(Map.of(this.directory.instanceId(), Set.of(user)));
		this.directory.disconnected(user, "c1").as(StepVerifier::create).verifyComplete();
		assertThat(targets(List.of(user), null).instances()).isEmpty();
	}

	@Test
	void anEntryWhoseInstanceStoppedRefreshingItNoLongerCounts() {
		String user = Tokens.newUser();
		String key = RouteDirectory.connectionsKey(user);
		this.redis.opsForZSet().add(key, "dead-instance c9", System.currentTimeMillis() - 1).block();
		this.directory.connected(user, "c1").as(StepVerifier::create).verifyComplete();
		assertThat(targets(List.of(user), null).instances()).containsExactly(this.directory.instanceId());
		assertThat(this.redis.opsForZSet().size(key).block()).as("the expired member was pruned").isOne();
		assertThat(this.redis.getExpire(key).block()).isPositive();
	}

	@Test
	void theHeartbeatPutsBackWhatRedisLost() {
		String user = Tokens.newUser();
		String followed = Tokens.newUser();
		this.directory.refresh(Map.of(user, List.of("c1", "c2")), List.of(followed)).as(StepVerifier::create).verifyComplete();
		assertThat(this.redis.opsForZSet().size(RouteDirectory.connectionsKey(user)).block()).isEqualTo(2);
		assertThat(targets(List.of(), followed).followingInstances()).containsExactly(this.directory.instanceId());
	}

	@Test
	void aFollowCountsUntilItIsWithdrawn() {
		String followed = Tokens.newUser();
		this.directory.following(followed, true).as(StepVerifier::create).verifyComplete();
		assertThat(targets(List.of(), followed).followingInstances()).containsExactly(this.directory.instanceId());
		this.directory.following(followed, false).as(StepVerifier::create).verifyComplete();
		assertThat(targets(List.of(), followed).followingInstances()).isEmpty();
	}

	@Test
	void aSocketIsRegisteredBeforeItsConnectedFrameAndRemovedWhenItCloses() {
		String user = Tokens.newUser();
		String followed = Tokens.newUser();
		WsClient socket = WsClient.connect(this.port, user);
		// WsClient.connect returns once the connected frame is in: the entry must be there already
		assertThat(this.redis.opsForZSet().range(RouteDirectory.connectionsKey(user), Range.unbounded()).collectList().block())
			.containsExactly(this.directory.instanceId() + " " + socket.sessionId());
		socket.send(json("type", "presence.subscribe", "ref", "s", "user_ids", List.of(followed)));
		socket.ack("s");
		await().untilAsserted(() -> assertThat(targets(List.of(), followed).followingInstances())
			.containsExactly(this.directory.instanceId()));
		socket.close();
		await()
			.untilAsserted(() -> assertThat(targets(List.of(user), followed).instances()).isEmpty());
	}

	private RouteDirectory.Targets targets(List<String> users, String presenceOf) {
		return this.directory.targets(users, presenceOf).block();
	}

}
