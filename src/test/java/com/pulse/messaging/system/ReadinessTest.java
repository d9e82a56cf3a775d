package com.pulse.messaging.system;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.pulse.messaging.support.BackingServices;
import com.pulse.messaging.support.IntegrationTest;
import com.pulse.messaging.support.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MongoDB, Redis and the broker are reached through proxies this test cuts: readiness goes DOWN (503) while
 * MongoDB or Redis is away and UP again once it is back; liveness never moves; a broker outage leaves
 * readiness UP. Its own context (the proxies' addresses), not IntegrationTestBase's, whose addresses would win.
 */
@IntegrationTest
@DirtiesContext
class ReadinessTest {

	private static final Duration DETECT = Duration.ofSeconds(20);

	private static final Duration RECOVER = Duration.ofSeconds(30);

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static final TcpProxy mongo = TcpProxy.to(BackingServices.mongo());

	private static final TcpProxy redis = TcpProxy.to(BackingServices.redis());

	private static final TcpProxy amqp = TcpProxy.to(BackingServices.amqp());

	@DynamicPropertySource
	static void backendsThroughProxies(DynamicPropertyRegistry registry) {
		Map<String, String> properties = new LinkedHashMap<>(BackingServices.properties(BackingServices.Mode.TEST));
		properties.put(BackingServices.MONGODB_URI_PROPERTY,
				through(BackingServices.mongoUri(BackingServices.Mode.TEST), BackingServices.mongo(), mongo));
		properties.put(BackingServices.REDIS_URL_PROPERTY, through(BackingServices.redisUrl(), BackingServices.redis(), redis));
		properties.put(BackingServices.RABBITMQ_ADDRESSES_PROPERTY,
				through(BackingServices.amqpAddresses(), BackingServices.amqp(), amqp));
		// the first connection runs through two extra proxy threads: on a loaded machine the 2 s of
		// application.yml can run out during start-up; a cut is still noticed within this timeout
		properties.put("spring.data.redis.timeout", "5s");
		// user events belong to the shared test context
		properties.put("spring.rabbitmq.listener.simple.auto-startup", "false");
		properties.forEach((key, value) -> registry.add(key, () -> value));
	}

	/** The address with the backend's host and port replaced by the proxy's. */
	private static String through(String address, BackingServices.Endpoint backend, TcpProxy proxy) {
		String proxied = address.replace(backend.address(), proxy.address());
		if (proxied.equals(address)) {
			throw new IllegalStateException(address + " does not name " + backend + " literally");
		}
		return proxied;
	}

	private WebTestClient webTestClient;

	@Autowired
	void webTestClient(WebTestClient client) {
		// a health check waits for the backend's timeout (5 s for Redis here) before it reports DOWN
		this.webTestClient = client.mutate().responseTimeout(Duration.ofSeconds(20)).build();
	}

	@AfterEach
	void healAll() {
		mongo.heal();
		redis.heal();
		amqp.heal();
	}

	@AfterAll
	static void closeProxies() {
		mongo.close();
		redis.close();
		amqp.close();
	}

	@Test
	void readinessIsDownWhileRedisIsUnreachableAndUpWhenItIsBack() {
		awaitReady();
		redis.cut();
		awaitNotReady("redis");
		assertLive();
		redis.heal();
		awaitReady();
		assertLive();
	}

	@Test
	void readinessIsDownWhileMongoIsUnreachableAndUpWhenItIsBack() {
		awaitReady();
		mongo.cut();
		awaitNotReady("mongo");
		assertLive();
		mongo.heal();
		awaitReady();
		assertLive();
	}

	@Test
	void brokerOutageLeavesReadinessUp() {
		awaitReady();
		amqp.cut();
		await().atMost(DETECT).untilAsserted(() -> assertThat(component("/actuator/health", "rabbit")).isEqualTo("DOWN"));
		assertThat(this.webTestClient.get().uri("/actuator/health/readiness").exchange().returnResult(String.class)
			.getStatus().value()).isEqualTo(200);
		assertThat(status("/ready")).isEqualTo(200);
		assertLive();
		amqp.heal();
		await().atMost(RECOVER).untilAsserted(() -> assertThat(component("/actuator/health", "rabbit")).isEqualTo("UP"));
	}

	private void awaitReady() {
		await().atMost(RECOVER).untilAsserted(() -> {
			assertThat(status("/actuator/health/readiness")).isEqualTo(200);
			assertThat(status("/ready")).isEqualTo(200);
		});
	}

	private void awaitNotReady(String component) {
		await().atMost(DETECT).untilAsserted(() -> {
			Map<String, Object> readiness = body("/actuator/health/readiness", 503);
			assertThat(readiness.get("status")).isEqualTo("DOWN");
			assertThat(componentStatus(readiness, component)).isEqualTo("DOWN");
		});
		assertThat(status("/ready")).isEqualTo(503);
	}

	private void assertLive() {
		assertThat(body("/actuator/health/liveness", 200).get("status")).isEqualTo("UP");
		assertThat(status("/health")).isEqualTo(200);
	}

	private int status(String path) {
		return this.webTestClient.get().uri(path).headers(ReadinessTest::asOps).exchange().returnResult(String.class).getStatus().value();
	}

	private Map<String, Object> body(String path, int status) {
		return this.webTestClient.get()
			.uri(path)
			.headers(ReadinessTest::asOps)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	private Object component(String path, String name) {
		var result = this.webTestClient.get().uri(path).headers(ReadinessTest::asOps).exchange().expectBody(JSON).returnResult();
		return componentStatus(result.getResponseBody(), name);
	}

	/** Operations' view: a token whose roles contain {@code ops} shows the components. */
	private static void asOps(org.springframework.http.HttpHeaders headers) {
		headers.setBearerAuth(com.pulse.messaging.support.Tokens.withRoles("ops-probe", "ops"));
	}

	@SuppressWarnings("unchecked")
	private static Object componentStatus(Map<String, Object> health, String name) {
		Map<String, Object> components = (Map<String, Object>) health.getOrDefault("components", Map.of());
		Map<String, Object> component = (Map<String, Object>) components.getOrDefault(name, Map.of());
		return component.get("status");
	}

}
