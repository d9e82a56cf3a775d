package com.pulse.messaging.events;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.BackingServices;
import com.pulse.messaging.support.IntegrationTest;
import com.pulse.messaging.support.TcpProxy;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's broker connection runs through a proxy that is cut from the start: the service starts, stays
 * ready and acknowledges sends; once the proxy heals, every event arrives. Its own context and database, so
 * no other relay can publish these events for it.
 */
@IntegrationTest
@DirtiesContext
class BrokerOutageTest {

	private static final TcpProxy proxy = TcpProxy.to(BackingServices.amqp());

	private static final String DATABASE = "outage_" + UUID.randomUUID().toString().replace("-", "");

	static {
		proxy.cut();
	}

	@DynamicPropertySource
	static void brokerThroughTheProxy(DynamicPropertyRegistry registry) {
		// not IntegrationTestBase: its registration of the broker address would win over the proxy's
		Map<String, String> properties = new LinkedHashMap<>(BackingServices.properties(BackingServices.Mode.TEST));
		properties.put("spring.rabbitmq.addresses", FaultSupport.addressThrough(proxy));
		properties.put("spring.mongodb.database", DATABASE);
		// user events belong to the shared test context; this one only publishes
		properties.put("spring.rabbitmq.listener.simple.auto-startup", "false");
		properties.forEach((key, value) -> registry.add(key, () -> value));
	}

	@Autowired
	private ReactiveMongoTemplate mongo;

	@Autowired
	private WebTestClient webTestClient;

	@LocalServerPort
	private int port;

	@AfterAll
	static void closeProxy() {
		proxy.close();
	}

	@Test
	void everyMessageSentWhileTheBrokerIsUnreachableIsPublishedOnceItIsBack() {
		assertThat(this.mongo.getMongoDatabase().block().getName()).isEqualTo(DATABASE);
		this.webTestClient.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		ApiClient api = new ApiClient(this.webTestClient, this.port);
		String alice = Tokens.newUser();
		String conversation = api.direct(alice, Tokens.newUser());

		try (EventCapture capture = EventCapture.events()) {
			List<String> sent = FaultSupport.sendMessages(api, alice, conversation, 200);
			assertThat(capture.distinctEvents(EventTypes.MESSAGE_SENT, "id", sent)).isZero();
			assertThat(FaultSupport.pendingSentEvents(this.mongo, sent)).isEqualTo(200);

			proxy.heal();

			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> capture.distinctEvents(EventTypes.MESSAGE_SENT, "id", sent) == 200);
			await().atMost(Duration.ofSeconds(10)).until(() -> FaultSupport.pendingSentEvents(this.mongo, sent) == 0);
		}
	}

}
