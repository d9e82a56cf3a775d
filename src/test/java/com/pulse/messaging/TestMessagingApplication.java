package com.pulse.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import javax.crypto.SecretKey;

import com.pulse.messaging.support.BackingServices;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The local run: {@code ./mvnw spring-boot:test-run} starts the service on :8084 with embedded MongoDB (data
 * kept in {@code ./data/mongo.mv}), Redis and AMQP broker, unless addresses are given in the environment
 * ({@code MONGODB_URI}, {@code REDIS_URL}, {@code RABBITMQ_URL}, or Docker for Testcontainers). Prints a
 * ready line and two sample tokens (alice, bob) signed with {@code JWT_SECRET} or the development secret, and
 * serves the built web demo at {@code /demo/} ({@link DemoPages}).
 */
public class TestMessagingApplication {

	static final String DEV_SECRET = "change-me-change-me-change-me-change-me-0123456789";

	private static final Logger log = LoggerFactory.getLogger(TestMessagingApplication.class);

	public static void main(String[] args) {
		// before the context starts, so the service binds to them like to any other address
		for (Map.Entry<String, String> property : BackingServices.properties(BackingServices.Mode.LOCAL_RUN).entrySet()) {
			if (System.getProperty(property.getKey()) == null) {
				System.setProperty(property.getKey(), property.getValue());
			}
		}
		allowOwnOriginForTheDemo();
		try {
			SpringApplication.from(MessagingApplication::main)
				.with(LocalRunConfiguration.class, DemoPages.class)
				.withAdditionalProfiles("local")
				.run(args);
		}
		catch (Throwable ex) {
			// the embedded servers run non-daemon threads: without this the JVM would outlive the failed start
			log.error("The local run failed to start; stopping the embedded backing services");
			System.exit(1); // the shutdown hook stops the embedded servers and closes the H2 store
		}
	}

	/**
	 * The demo page at /demo/ opens /ws from the local run's own origin, which browsers send as {@code Origin}; the
	 * origin check refuses any origin not listed, so the local run lists its own unless CORS_ALLOWED_ORIGINS says
	 * otherwise (production lists nothing by default).
	 */
	private static void allowOwnOriginForTheDemo() {
		String property = "messaging.cors.allowed-origins";
		if (System.getenv("CORS_ALLOWED_ORIGINS") != null || System.getProperty(property) != null) {
			return;
		}
		String port = System.getenv().getOrDefault("SERVER_PORT", System.getenv().getOrDefault("PORT", "8084"));
		System.setProperty(property, "http://127.0.0.1:" + port + ",http://localhost:" + port);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class LocalRunConfiguration {

		@Bean
		ApplicationListener<ApplicationReadyEvent> readyLine() {
			return (event) -> printReadyLine(event.getApplicationContext().getEnvironment());
		}

	}

	static void printReadyLine(Environment environment) {
		String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8084"));
		String secret = environment.getProperty("messaging.jwt.secret");
		if (secret == null || secret.isBlank()) {
			secret = (System.getenv("JWT_SECRET") != null) ? System.getenv("JWT_SECRET") : DEV_SECRET;
		}
		StringBuilder text = new StringBuilder();
		text.append(System.lineSeparator())
			.append("==============================================================================")
			.append(System.lineSeparator())
			.append("Messaging service ready on http://127.0.0.1:").append(port)
			.append("  (health: /actuator/health, API docs: /v3/api-docs, WebSocket: /ws?token=...)")
			.append(System.lineSeparator())
			.append("Backing services: MongoDB ").append(BackingServices.mongo())
			.append(", Redis ").append(BackingServices.redis())
			.append(", AMQP ").append(BackingServices.amqp())
			.append(System.lineSeparator());
		if (DemoPages.available(environment)) {
			text.append("Web demo: http://127.0.0.1:").append(port).append("/demo/").append(System.lineSeparator());
		}
		try {
			String issuer = environment.getProperty("messaging.jwt.issuer");
			String audience = environment.getProperty("messaging.jwt.audience");
			text.append("Sample tokens (HS256, valid 30 days):").append(System.lineSeparator())
				.append("  alice: ").append(token(secret, "alice", "Alice", issuer, audience)).append(System.lineSeparator())
				.append("  bob:   ").append(token(secret, "bob", "Bob", issuer, audience)).append(System.lineSeparator())
				.append("  e.g. curl -H \"Authorization: Bearer <token>\" http://127.0.0.1:").append(port)
				.append("/api/messages/conversations").append(System.lineSeparator());
		}
		catch (RuntimeException ex) {
			text.append("No sample tokens: ").append(ex.getMessage()).append(System.lineSeparator());
		}
		text.append("==============================================================================");
		System.out.println(text);
		System.out.flush();
		log.info("Messaging service ready on http://127.0.0.1:{}", port);
	}

	/** An HS256 token for a user, signed with the raw UTF-8 bytes of the secret. */
	public static String token(String secret, String userId, String name, String issuer, String audience) {
		SecretKey key = Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
		Instant now = Instant.now();
		JwtBuilder builder = Jwts.builder()
			.subject(userId)
			.claim("username", userId)
			.claim("name", name)
			.issuedAt(Date.from(now))
			.expiration(Date.from(now.plus(Duration.ofDays(30))));
		if (issuer != null && !issuer.isBlank()) {
			builder.issuer(issuer);
		}
		if (audience != null && !audience.isBlank()) {
			builder.audience().add(audience);
		}
		return builder.signWith(key, Jwts.SIG.HS256).compact();
	}

}
