package com.pulse.messaging.events;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import com.pulse.messaging.events.EventCapture.Delivery;
import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.AsyncApi;
import com.pulse.messaging.support.AsyncApi.Message;
import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.Tokens;
import com.pulse.messaging.support.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.pulse.messaging.events.EventCapture.text;
import static com.pulse.messaging.support.ApiClient.API;
import static com.pulse.messaging.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The events on {@code messaging.events} are the ones {@code docs/asyncapi.yaml} describes: every type in
 * {@link EventTypes} is documented, every v1 event of the document is one the code publishes, and every event
 * published while the use cases run (as the broker delivers it) conforms to its message's schema.
 */
class EventSchemasTest extends IntegrationTestBase {

	private static final String EXCHANGE = "messaging.events";

	private final AsyncApi document = AsyncApi.load();

	private ApiClient api;

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
	void everyEventTypeOfTheCodeIsDocumentedAndEveryV1DocumentedEventIsPublished() throws IllegalAccessException {
		Set<String> documented = this.document.channelMessages("send", EXCHANGE).keySet();
		Set<String> v1 = new TreeSet<>();
		this.document.channelMessages("send", EXCHANGE).values().stream().filter((m) -> !m.v2()).forEach((m) -> v1.add(m.name()));
		assertThat(documented).as("events in docs/asyncapi.yaml").containsAll(eventTypes());
		assertThat(eventTypes()).as("EventTypes").containsAll(v1);
	}

	@Test
	void everyPublishedEventConformsToTheDocument() throws IllegalAccessException {
		Set<String> types = eventTypes();
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String carol = Tokens.newUser();
		String dave = Tokens.newUser();
		// only this test's events: the broker may be shared with other runs (CI's RabbitMQ)
		List<String> users = List.of(alice, bob, carol, dave);
		Predicate<Delivery> ours = (d) -> users.stream().anyMatch((u) -> d.body().toString().contains("\"" + u + "\""));

		WsClient socket = WsClient.connect(this.port, alice);
		String direct = (String) ApiClient.body(this.api.post(alice, API + "/conversations/direct", Map.of("user_id", bob)), 201)
			.get("id");
		String first = (String) this.api.send(alice, direct, "hello bob").get("id");
		// before bob's own send, which moves his watermark past it (then the read would change nothing)
		ApiClient.body(this.api.put(bob, API + "/" + first + "/read", null), 200);
		this.api.send(bob, json("conversation_id", direct, "content", "", "type", "image", "reply_to", first,
				"client_message_id", "c-" + bob, "mentions", List.of(alice), "attachments",
				List.of(json("url", "https://files.example/a.png", "mime_type", "image/png", "size", 1234))));
		ApiClient.body(this.api.put(bob, API + "/" + first + "/reactions/👍", null), 200);
		ApiClient.body(this.api.patch(alice, API + "/" + first, Map.of("content", "hello again")), 200);
		ApiClient.body(this.api.delete(alice, API + "/" + first), 200);
		String group = this.api.groupId(alice, bob, carol);
		this.api.send(carol, group, "hi all");
		ApiClient.body(this.api.patch(alice, API + "/conversations/" + group, Map.of("name", "Renamed")), 200);
		ApiClient.body(this.api.post(alice, API + "/conversations/" + group + "/participants", Map.of("user_ids", List.of(dave))),
				200);
		socket.close();

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Set<String> seen = new TreeSet<>();
			this.capture.matching(ours).forEach((d) -> seen.add(d.eventType()));
			assertThat(seen).containsAll(types);
			assertThat(this.capture.matching((d) -> "user.offline".equals(d.eventType())
					&& alice.equals(text(d.data(), "user_id")))).isNotEmpty();
		});

		Map<String, Message> documented = this.document.channelMessages("send", EXCHANGE);
		Map<String, List<String>> problems = new LinkedHashMap<>();
		List<Delivery> deliveries = this.capture.matching(ours);
		for (Delivery delivery : deliveries) {
			Message message = documented.get(delivery.eventType());
			List<String> errors = (message == null) ? List.of("not in docs/asyncapi.yaml")
					: this.document.validate(message, delivery.body());
			if (!errors.isEmpty()) {
				problems.computeIfAbsent(delivery.eventType(), (k) -> new ArrayList<>()).add(delivery.body() + " -> " + errors);
			}
			assertThat(delivery.routingKey()).isEqualTo(delivery.eventType());
		}
		assertThat(problems).as("published events that the document does not describe").isEmpty();
	}

	@Test
	void v2EventExamplesConform() {
		for (Message message : this.document.channelMessages("send", EXCHANGE).values()) {
			if (message.v2()) {
				assertThat(message.examples()).as("examples of %s", message.name()).isNotEmpty();
				for (JsonNode example : message.examples()) {
					assertThat(this.document.validate(message, example)).as("%s", example).isEmpty();
				}
			}
		}
	}

	@Test
	void consumedUserEventsAreDocumented() {
		assertThat(this.document.channelMessages("receive", "messaging-service.user-events").keySet())
			.containsExactlyInAnyOrder("user.created", "user.updated", "user.deleted");
	}

	/** The constants of {@link EventTypes}: what the code can publish. */
	private static Set<String> eventTypes() throws IllegalAccessException {
		Set<String> types = new TreeSet<>();
		for (Field field : EventTypes.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
				types.add((String) field.get(null));
			}
		}
		assertThat(types).isNotEmpty();
		return types;
	}

}
