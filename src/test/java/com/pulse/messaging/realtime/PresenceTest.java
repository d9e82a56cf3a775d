package com.pulse.messaging.realtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pulse.messaging.presence.PresenceProperties;
import com.pulse.messaging.presence.PresenceService;
import com.pulse.messaging.support.PresenceEntries;
import com.pulse.messaging.support.RawWs;
import com.pulse.messaging.support.Tokens;
import com.pulse.messaging.support.WsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static com.pulse.messaging.support.ApiClient.API;
import static com.pulse.messaging.support.ApiClient.body;
import static com.pulse.messaging.support.ApiClient.json;
import static com.pulse.messaging.support.ApiClient.list;
import static org.assertj.core.api.Assertions.assertThat;

/** Presence: online while any connection is open, to subscribers and direct partners, and over REST. */
class PresenceTest extends RealtimeTestBase {

	private static final Duration QUIET = Duration.ofMillis(500);

	@Autowired
	private PresenceService presence;

	@Autowired
	private PresenceProperties presenceProperties;

	@Autowired
	private ReactiveStringRedisTemplate redis;

	@Test
	void subscribeAcksThenSendsCurrentPresenceThenChanges() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		WsClient aliceSocket = connect(alice);
		aliceSocket.send(json("type", "presence.subscribe", "ref", "s1", "user_ids", List.of(bob)));
		aliceSocket.ack("s1");
		Map<String, Object> current = aliceSocket.await("presence");
		assertThat(current).containsEntry("user_id", bob).containsEntry("status", "offline");
		assertThat(aliceSocket.all().indexOf(current)).isGreaterThan(aliceSocket.all().indexOf(aliceSocket.all("ack").get(0)));
		WsClient bobPhone = connect(bob);
		Map<String, Object> online = aliceSocket.await("presence", (f) -> bob.equals(f.get("user_id")));
		assertThat(online).containsEntry("status", "online");
		assertThat(Instant.parse((String) online.get("last_seen"))).isAfter(Instant.now().minusSeconds(10));
		WsClient bobLaptop = connect(bob);
		bobPhone.close();
		aliceSocket.assertNone("presence", QUIET);
		assertThat(status(alice, bob)).containsEntry("status", "online");
		bobLaptop.close();
		assertThat(aliceSocket.await("presence")).containsEntry("user_id", bob).containsEntry("status", "offline");
	}

	@Test
	void directPartnersHearOfPresenceWithoutSubscribing() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		this.api.direct(alice, bob);
		WsClient aliceSocket = connect(alice);
		WsClient stranger = connect(Tokens.newUser());
		WsClient bobSocket = connect(bob);
		assertThat(aliceSocket.await("presence")).containsEntry("user_id", bob).containsEntry("status", "online");
		bobSocket.close();
		assertThat(aliceSocket.await("presence")).containsEntry("user_id", bob).containsEntry("status", "offline");
		stranger.assertNone("presence", QUIET);
	}

	@Test
	void connectionThatDiesWithoutACloseFrameGoesOffline() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		WsClient aliceSocket = connect(alice);
		aliceSocket.send(json("type", "presence.subscribe", "ref", "s", "user_ids", List.of(bob)));
		assertThat(aliceSocket.await("presence")).containsEntry("status", "offline");
		RawWs bobSocket = raw(bob);
		assertThat(aliceSocket.await("presence")).containsEntry("user_id", bob).containsEntry("status", "online");
		bobSocket.abort();
		assertThat(aliceSocket.await("presence")).containsEntry("user_id", bob).containsEntry("status", "offline");
	}

	@Test
	void aUserWhoseConnectionsAllDiedWithTheirInstanceGoesOfflineWhenPresenceExpires() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		WsClient aliceSocket = following(alice, bob);
		String crashed = connectedOnACrashedInstance(bob);
		assertThat(status(alice, bob)).containsEntry("status", "online");
		long expiredAt = PresenceEntries.expire(this.redis, bob, crashed);

		Map<String, Object> offline = aliceSocket.await("presence", (f) -> bob.equals(f.get("user_id")));
		assertThat(offline).containsEntry("status", "offline");
		Instant lastSeen = Instant.ofEpochMilli(expiredAt).minus(this.presenceProperties.ttl());
		assertThat(Instant.parse((String) offline.get("last_seen"))).isEqualTo(lastSeen);
		assertThat(status(alice, bob)).containsEntry("status", "offline");
	}

	@Test
	void anExpiredConnectionDoesNotTakeOfflineAUserWithAnotherOpenOne() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		WsClient aliceSocket = following(alice, bob);
		String crashed = connectedOnACrashedInstance(bob);
		connect(bob);
		PresenceEntries.expire(this.redis, bob, crashed);

		Awaitility.await().atMost(WsClient.WAIT).until(() -> this.redis.opsForZSet()
			.score("presence:expiring", bob)
			.blockOptional(WsClient.WAIT)
			.map((expiry) -> expiry > System.currentTimeMillis())
			.orElse(false));
		aliceSocket.assertNone("presence", QUIET);
		assertThat(status(alice, bob)).containsEntry("status", "online");
	}

	@Test
	void restPresenceReportsOnlineAndOfflineWithLastSeen() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String never = Tokens.newUser();
		connect(alice);
		WsClient bobSocket = connect(bob);
		bobSocket.close();
		Awaitility.await().atMost(WsClient.WAIT).until(() -> "offline".equals(status(alice, bob).get("status")));
		Map<String, Object> body = body(this.api.get(alice, API + "/presence?user_ids=" + alice + "," + bob + "," + never), 200);
		List<Map<String, Object>> presence = list(body, "presence");
		assertThat(presence).extracting((p) -> p.get("user_id")).containsExactly(alice, bob, never);
		assertThat(presence.get(0)).containsEntry("status", "online");
		assertThat(presence.get(1)).containsEntry("status", "offline");
		assertThat(presence.get(1).get("last_seen")).isNotNull();
		assertThat(presence.get(2)).containsEntry("status", "offline").containsEntry("last_seen", null);
	}

	@Test
	void restPresenceRejectsMoreThan200Ids() {
		String ids = String.join(",", java.util.stream.IntStream.range(0, 201).mapToObj((i) -> "u" + i).toList());
		this.api.get(Tokens.newUser(), API + "/presence?user_ids=" + ids).expectStatus().isBadRequest();
		this.api.get(Tokens.newUser(), API + "/presence").expectStatus().isBadRequest();
	}

	@Test
	void subscribeWithoutUsersIsAValidationError() {
		WsClient socket = connect(Tokens.newUser());
		socket.send(json("type", "presence.subscribe", "ref", "s", "user_ids", List.of()));
		assertThat(socket.await("error")).containsEntry("ref", "s").containsEntry("code", "validation_failed");
		socket.send(json("type", "presence.subscribe", "ref", "s2", "user_ids",
				java.util.stream.IntStream.range(0, 201).mapToObj((i) -> "u" + i).toList()));
		assertThat(socket.await("error")).containsEntry("ref", "s2").containsEntry("code", "validation_failed");
	}

	/** A socket of the follower subscribed to the user, who is offline so far. */
	private WsClient following(String follower, String userId) {
		WsClient socket = connect(follower);
		socket.send(json("type", "presence.subscribe", "ref", "s", "user_ids", List.of(userId)));
		assertThat(socket.await("presence")).containsEntry("user_id", userId).containsEntry("status", "offline");
		return socket;
	}

	/** A connection of the user on an instance that then crashed: nothing ever closes it, its heartbeats stop. */
	private String connectedOnACrashedInstance(String userId) {
		String connectionId = "crashed-" + UUID.randomUUID();
		this.presence.connected(userId, connectionId).block(WsClient.WAIT);
		return connectionId;
	}

	private Map<String, Object> status(String viewer, String userId) {
		return list(body(this.api.get(viewer, API + "/presence?user_ids=" + userId), 200), "presence").get(0);
	}

}
