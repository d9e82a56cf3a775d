package com.pulse.messaging.events;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pulse.messaging.MessagingApplication;
import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.BackingServices;
import com.pulse.messaging.support.TcpProxy;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Events pending when an instance stops (broker unreachable) are published by the next instance. */
class RestartWithPendingEventsTest {

	@Test
	void eventsPendingWhenTheServiceStopsArePublishedAfterItRestarts() {
		String database = "restart_" + UUID.randomUUID().toString().replace("-", "");
		try (TcpProxy proxy = TcpProxy.to(BackingServices.amqp()); EventCapture capture = EventCapture.events()) {
			proxy.cut();
			List<String> sent;
			try (ConfigurableApplicationContext first = start(database, FaultSupport.addressThrough(proxy))) {
				ApiClient api = client(first);
				String alice = Tokens.newUser();
				String conversation = api.direct(alice, Tokens.newUser());
				sent = FaultSupport.sendMessages(api, alice, conversation, 200);
				assertThat(FaultSupport.pendingSentEvents(first.getBean(ReactiveMongoTemplate.class), sent)).isEqualTo(200);
			}
			assertThat(capture.distinctEvents(EventTypes.MESSAGE_SENT, "id", sent)).isZero();

			try (ConfigurableApplicationContext second = start(database, BackingServices.amqpAddresses())) {
				await().atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> capture.distinctEvents(EventTypes.MESSAGE_SENT, "id", sent) == 200);
				assertThat(FaultSupport.pendingSentEvents(second.getBean(ReactiveMongoTemplate.class), sent)).isZero();
			}
		}
	}

	private static ConfigurableApplicationContext start(String database, String brokerAddress) {
		Map<String, String> properties = new LinkedHashMap<>(BackingServices.properties(BackingServices.Mode.TEST));
		properties.put("spring.rabbitmq.addresses", brokerAddress);
		properties.put("spring.mongodb.database", database);
		properties.put("spring.rabbitmq.listener.simple.auto-startup", "false");
		properties.put("server.port", "0");
		// 200 sends in a row by one user: past the default burst of the REST rate limit
		properties.put("messaging.rate-limit.send-burst", "20000");
		// command-line arguments, so they win over application.yml's ${RABBITMQ_URL:…}; each key once, since a
		// repeated argument would be joined with a comma
		String[] args = properties.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
		return new SpringApplicationBuilder(MessagingApplication.class).run(args);
	}

	private static ApiClient client(ConfigurableApplicationContext context) {
		int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
		WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
		return new ApiClient(http, port);
	}

}
