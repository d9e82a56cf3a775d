package com.pulse.messaging.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import com.pulse.messaging.events.EventCapture.Delivery;
import com.pulse.messaging.presence.PresenceProperties;
import com.pulse.messaging.presence.PresenceService;
import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.PresenceEntries;
import com.pulse.messaging.support.Tokens;
import com.pulse.messaging.support.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static com.pulse.messaging.events.EventCapture.text;
import static com.pulse.messaging.support.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every use case's event reaches {@code messaging.events} with the contract's routing key, envelope and properties. */
class EventPublishingTest extends IntegrationTestBase {

	private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

	private ApiClient api;

	@Autowired
	private PresenceService presence;

	@Autowired
	private PresenceProperties presenceProperties;

	@Autowired
	private ReactiveStringRedisTemplate redis;

	private EventCapture capture;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.webTestClient, this.port);
		this.capture = EventCapture.events();
	}

	@AfterEach
	void tearDown() {
		this.capture.close();
	}

	@Test
	void publishesEveryMessageAndConversationEventWithTheContractEnvelopeAndProperties() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String carol = Tokens.newUser();

		String direct = (String) ApiClient.body(this.api.post(alice, API + "/conversations/direct", Map.of("user_id", bob)), 201)
			.get("id");
		String messageId = (String) this.api.send(alice, direct, "hello bob").get("id");
		ApiClient.body(this.api.put(bob, API + "/" + messageId + "/read", null), 200);
		ApiClient.body(this.api.patch(alice, API + "/" + messageId, Map.of("content", "hello again")), 200);
		ApiClient.body(this.api.delete(alice, API + "/" + messageId), 200);
		String group = (String) this.api.group(alice, "Team", bob, carol).get("id");
		ApiClient.body(this.api.patch(alice, API + "/conversations/" + group, Map.of("name", "Renamed")), 200);

		Delivery directCreated = awaitOne("conversation.created", (d) -> direct.equals(text(d.data(), "id")));
		Delivery sent = awaitOne("message.sent", (d) -> messageId.equals(text(d.data(), "id")));
		Delivery read = awaitOne("message.read", (d) -> messageId.equals(text(d.data(), "message_id")));
		Delivery updated = awaitOne("message.updated", (d) -> messageId.equals(text(d.data(), "id")));
		Delivery deleted = awaitOne("message.deleted", (d) -> messageId.equals(text(d.data(), "id")));
		Delivery groupCreated = awaitOne("conversation.created", (d) -> group.equals(text(d.data(), "id")));
		Delivery renamed = awaitOne("conversation.updated", (d) -> group.equals(text(d.data(), "id")));

		assertThat(text(directCreated.data(), "type")).isEqualTo("direct");

		JsonNode message = sent.data();
		assertThat(text(message, "conversation_id")).isEqualTo(direct);
		assertThat(text(message, "sender_id")).isEqualTo(alice);
		assertThat(text(message, "content")).isEqualTo("hello bob");
		assertThat(message.path("seq").asLong()).isEqualTo(1);
		assertThat(text(message, "conversation_type")).isEqualTo("direct");
		assertThat(message.path("recipient_ids").values()).extracting(JsonNode::stringValue).containsExactly(bob);

		assertThat(text(read.data(), "conversation_id")).isEqualTo(direct);
		assertThat(text(read.data(), "reader_id")).isEqualTo(bob);
		assertThat(read.data().path("last_read_seq").asLong()).isEqualTo(1);
		assertThat(text(read.data(), "read_at")).matches(TIMESTAMP);

		assertThat(text(updated.data(), "content")).isEqualTo("hello again");
		assertThat(text(updated.data(), "edited_at")).matches(TIMESTAMP);
		assertThat(deleted.data().path("deleted").asBoolean()).isTrue();
		assertThat(deleted.data().path("content").isNull()).isTrue();

		assertThat(text(groupCreated.data(), "type")).isEqualTo("group");
		assertThat(text(groupCreated.data(), "name")).isEqualTo("Team");
		assertThat(text(renamed.data(), "name")).isEqualTo("Renamed");
	}

	@Test
	void publishesMessageSentToEveryRecipientOfAGroupButTheSender() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String carol = Tokens.newUser();
		String group = this.api.groupId(alice, bob, carol);
		String messageId = (String) this.api.send(alice, group, "hi all").get("id");

		Delivery sent = awaitOne("message.sent", (d) -> messageId.equals(text(d.data(), "id")));

		assertThat(text(sent.data(), "conversation_type")).isEqualTo("group");
		assertThat(sent.data().path("recipient_ids").values()).extracting(JsonNode::stringValue)
			.containsExactlyInAnyOrder(bob, carol);
	}

	@Test
	void publishesUserOnlineOnTheFirstConnectionAndUserOfflineWhenTheLastCloses() {
		String alice = Tokens.newUser();
		WsClient phone = WsClient.connect(this.port, alice);
		Delivery online = awaitOne("user.online", (d) -> alice.equals(text(d.data(), "user_id")));
		assertThat(online.data().path("connection_count").asLong()).isEqualTo(1);
		assertThat(text(online.data(), "at")).matches(TIMESTAMP);
		WsClient laptop = WsClient.connect(this.port, alice);
		phone.close();
		laptop.close();

		Delivery offline = awaitOne("user.offline", (d) -> alice.equals(text(d.data(), "user_id")));
		assertThat(text(offline.data(), "last_seen")).matches(TIMESTAMP);
		assertThat(this.capture.matching((d) -> "user.online".equals(d.eventType())
				&& alice.equals(text(d.data(), "user_id")))).hasSize(1);
	}

	@Test
	void publishesUserOfflineWhenAUsersPresenceExpiresWithoutAClose() {
		String alice = Tokens.newUser();
		String crashed = "crashed-" + UUID.randomUUID();
		this.presence.connected(alice, crashed).block(WsClient.WAIT);
		awaitOne("user.online", (d) -> alice.equals(text(d.data(), "user_id")));
		long expiredAt = PresenceEntries.expire(this.redis, alice, crashed);

		Delivery offline = awaitOne("user.offline", (d) -> alice.equals(text(d.data(), "user_id")));
		assertThat(Instant.parse(text(offline.data(), "last_seen")))
			.isEqualTo(Instant.ofEpochMilli(expiredAt).minus(this.presenceProperties.ttl()));
	}

	/** Waits for exactly one event of this type matching the filter, and checks what every event must carry. */
	private Delivery awaitOne(String type, Predicate<Delivery> filter) {
		Predicate<Delivery> wanted = (d) -> type.equals(d.eventType()) && filter.test(d);
		await().atMost(Duration.ofSeconds(20)).until(() -> !this.capture.matching(wanted).isEmpty());
		List<Delivery> found = this.capture.matching(wanted);
		assertThat(found).as("%s events", type).hasSize(1);
		Delivery delivery = found.get(0);
		assertContractEnvelope(delivery, type);
		return delivery;
	}

	private static void assertContractEnvelope(Delivery delivery, String type) {
		JsonNode body = delivery.body();
		assertThat(delivery.routingKey()).isEqualTo(type);
		assertThat(UUID.fromString(text(body, "event_id")).toString()).isEqualTo(text(body, "event_id"));
		assertThat(text(body, "event_type")).isEqualTo(type);
		assertThat(text(body, "occurred_at")).matches(TIMESTAMP);
		assertThat(body.path("version").isInt()).isTrue();
		assertThat(body.path("version").asInt()).isEqualTo(1);
		assertThat(text(body, "producer")).isEqualTo("messaging-service");
		assertThat(body.path("data").isObject()).isTrue();
		assertThat(delivery.properties().getMessageId()).isEqualTo(text(body, "event_id"));
		assertThat(delivery.properties().getType()).isEqualTo(type);
		assertThat(delivery.properties().getContentType()).isEqualTo("application/json");
		assertThat(delivery.properties().getDeliveryMode()).isEqualTo(2);
	}

}
