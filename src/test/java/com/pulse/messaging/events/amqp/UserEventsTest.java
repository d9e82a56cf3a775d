package com.pulse.messaging.events.amqp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.BackingServices;
import com.pulse.messaging.support.IntegrationTest;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * User events from {@code user.events} feed the participants' display data; malformed ones are dead-lettered.
 * Its own queue (other instances on this broker would otherwise compete for the shared one) and context.
 */
@IntegrationTest
@DirtiesContext
class UserEventsTest {

	private static final String QUEUE = "messaging-service.user-events.it-" + UUID.randomUUID();

	private static final String DLQ = QUEUE + ".dlq";

	@DynamicPropertySource
	static void ownQueue(DynamicPropertyRegistry registry) {
		Map<String, String> properties = new LinkedHashMap<>(BackingServices.properties(BackingServices.Mode.TEST));
		properties.put("messaging.events.user-queue", QUEUE);
		properties.forEach((key, value) -> registry.add(key, () -> value));
	}

	@AfterAll
	static void deleteQueues() throws Exception {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setUri(BackingServices.amqpAddresses());
		try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
			channel.queueDelete(QUEUE);
			channel.queueDelete(DLQ);
			channel.exchangeDelete(QUEUE + ".dlx");
		}
	}

	@Autowired
	private WebTestClient webTestClient;

	@LocalServerPort
	private int port;

	@Autowired
	private RabbitTemplate rabbit;

	private ApiClient api;

	private String alice;

	private String bob;

	private String conversation;

	@BeforeEach
	void conversation() {
		this.api = new ApiClient(this.webTestClient, this.port);
		this.alice = Tokens.newUser();
		this.bob = Tokens.newUser();
		this.conversation = this.api.direct(this.alice, this.bob);
	}

	@Test
	void userUpdatedShowsUpInTheParticipantsOfAConversation() {
		publish("user.updated", userEvent("user.updated", this.bob, Instant.now(), "bobby", "Bob Builder",
				"https://cdn.example.com/bob.png"));

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(bobAsAliceSeesHim())
			.containsEntry("username", "bobby")
			.containsEntry("display_name", "Bob Builder")
			.containsEntry("avatar_url", "https://cdn.example.com/bob.png"));
	}

	@Test
	void malformedUserEventsGoToTheDeadLetterQueueAndLaterEventsAreStillApplied() {
		Instant now = Instant.now();
		Map<String, String> malformed = Map.of( //
				"not-json", "{not json", //
				"unknown-type", userEvent("user.renamed", this.bob, now, "x", "X", null), //
				"bad-user-id", userEvent("user.updated", "bob with spaces", now, "x", "X", null), //
				"no-occurred-at", "{\"event_id\":\"e\",\"event_type\":\"user.updated\",\"data\":{\"user_id\":\"" + this.bob
						+ "\",\"username\":\"x\"}}", //
				"wrong-type", "{\"event_type\":\"user.updated\",\"occurred_at\":\"" + now + "\",\"data\":{\"user_id\":\""
						+ this.bob + "\",\"username\":42}}");
		Set<String> rejectedIds = new HashSet<>();
		malformed.forEach((name, body) -> {
			String id = name + "-" + UUID.randomUUID();
			rejectedIds.add(id);
			publish("user.updated", body, id);
		});
		publish("user.updated", userEvent("user.updated", this.bob, now.plusMillis(1), "bob2", "Bob Two", null));

		Set<String> deadLettered = new HashSet<>();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Message message;
			while ((message = this.rabbit.receive(DLQ)) != null) {
				deadLettered.add(message.getMessageProperties().getMessageId());
			}
			assertThat(deadLettered).containsAll(rejectedIds);
		});
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(bobAsAliceSeesHim()).containsEntry("display_name", "Bob Two"));
	}

	@Test
	void tokenClaimsFillOnlyTheFieldsNoEventHasSet() {
		publish("user.created", userEvent("user.created", this.bob, Instant.now(), "from-event", null, null));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(bobAsAliceSeesHim()).containsEntry("username", "from-event"));

		this.webTestClient.get()
			.uri(ApiClient.API + "/conversations")
			.headers((h) -> h.setBearerAuth(Tokens.withProfile(this.bob, "from-claim", "Bob From Claim")))
			.exchange()
			.expectStatus()
			.isOk();

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(bobAsAliceSeesHim())
			.containsEntry("display_name", "Bob From Claim")
			.containsEntry("username", "from-event"));
	}

	@Test
	void userDeletedRemovesTheDisplayData() {
		Instant now = Instant.now();
		publish("user.updated", userEvent("user.updated", this.bob, now, "gone", "Soon Gone", null));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(bobAsAliceSeesHim()).containsEntry("display_name", "Soon Gone"));

		publish("user.deleted", userEvent("user.deleted", this.bob, now.plusSeconds(1), null, null, null));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(bobAsAliceSeesHim()).doesNotContainKey("display_name"));
	}

	private Map<String, Object> bobAsAliceSeesHim() {
		return ApiClient.participant(this.api.conversation(this.alice, this.conversation), this.bob);
	}

	private void publish(String routingKey, String body) {
		publish(routingKey, body, UUID.randomUUID().toString());
	}

	private void publish(String routingKey, String body, String messageId) {
		MessageProperties properties = new MessageProperties();
		properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
		properties.setMessageId(messageId);
		this.rabbit.send("user.events", routingKey, new Message(body.getBytes(StandardCharsets.UTF_8), properties));
	}

	private static String userEvent(String type, String userId, Instant at, String username, String displayName,
			String avatarUrl) {
		return "{\"event_id\":\"" + UUID.randomUUID() + "\",\"event_type\":\"" + type + "\",\"occurred_at\":\"" + at
				+ "\",\"version\":1,\"producer\":\"user-service\",\"data\":{\"user_id\":\"" + userId + "\",\"username\":"
				+ quoted(username) + ",\"display_name\":" + quoted(displayName) + ",\"avatar_url\":" + quoted(avatarUrl)
				+ "}}";
	}

	private static String quoted(String value) {
		return (value != null) ? "\"" + value + "\"" : "null";
	}

}
