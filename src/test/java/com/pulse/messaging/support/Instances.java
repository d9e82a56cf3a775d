package com.pulse.messaging.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pulse.messaging.MessagingApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Whole instances of the service in one test JVM, on random ports and the shared backends, as behind a load balancer. */
public final class Instances {

	private Instances() {
	}

	/** An instance on the backends {@link BackingServices} found. */
	public static ConfigurableApplicationContext start() {
		return start(Map.of());
	}

	/**
	 * An instance whose backend properties are replaced by {@code overrides} (a proxy in front of one, say).
	 * Arguments, since they outrank application.yml as the test's own settings do.
	 */
	public static ConfigurableApplicationContext start(Map<String, String> overrides) {
		Map<String, String> properties = new LinkedHashMap<>(BackingServices.properties(BackingServices.Mode.TEST));
		properties.putAll(overrides);
		List<String> arguments = new ArrayList<>(List.of("--server.port=0"));
		properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		return new SpringApplicationBuilder(MessagingApplication.class).run(arguments.toArray(String[]::new));
	}

	public static int port(ConfigurableApplicationContext instance) {
		return instance.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	public static ApiClient api(ConfigurableApplicationContext instance) {
		int port = port(instance);
		return new ApiClient(WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build(), port);
	}

}
