package com.pulse.messaging.support;

import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base class of the integration tests: the whole service on a random port, talking to the MongoDB, Redis
 * and AMQP broker chosen by {@link BackingServices} ({@link BackingServices.Mode#TEST}: an address from the
 * environment, else Testcontainers, else embedded servers). The properties are the same for every subclass,
 * so the Spring context is built once and reused. Tests must not leave state that other classes depend on
 * being absent: use fresh user and conversation ids.
 */
@IntegrationTest
public abstract class IntegrationTestBase {

	@Autowired
	protected WebTestClient webTestClient;

	@LocalServerPort
	protected int port;

	@DynamicPropertySource
	static void backingServices(DynamicPropertyRegistry registry) {
		for (Map.Entry<String, String> property : BackingServices.properties(BackingServices.Mode.TEST).entrySet()) {
			String value = property.getValue();
			registry.add(property.getKey(), () -> value);
		}
	}

}
