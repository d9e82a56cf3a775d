package com.pulse.messaging.system;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * Refuses to start the {@code prod} profile without the three backend addresses and a real JWT secret,
 * before any connection is attempted, naming the missing setting.
 */
public class ProductionSettingsCheck implements EnvironmentPostProcessor {

	static final String DEV_SECRET = "change-me-change-me-change-me-change-me-0123456789";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!Arrays.asList(environment.getActiveProfiles()).contains("prod")) {
			return;
		}
		Map<String, String> required = new LinkedHashMap<>();
		required.put("MONGODB_URI", "spring.mongodb.uri");
		required.put("REDIS_URL", "spring.data.redis.url");
		required.put("RABBITMQ_URL", "spring.rabbitmq.addresses");
		boolean jwks = StringUtils.hasText(environment.getProperty("messaging.jwt.jwks-uri"));
		if (!jwks) {
			required.put("JWT_SECRET", "messaging.jwt.secret");
		}
		required.forEach((setting, property) -> {
			if (!StringUtils.hasText(environment.getProperty(property))) {
				throw new MissingSettingException(setting + " is not set; the prod profile requires it");
			}
		});
		if (jwks) {
			return;
		}
		String secret = environment.getProperty("messaging.jwt.secret", "");
		if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
			throw new MissingSettingException("JWT_SECRET is shorter than 32 bytes; the prod profile requires a longer one");
		}
		if (DEV_SECRET.equals(secret)) {
			throw new MissingSettingException("JWT_SECRET is the development secret; the prod profile refuses it");
		}
	}

	/** A required setting is missing or unusable. */
	public static class MissingSettingException extends RuntimeException {

		MissingSettingException(String message) {
			super(message, null, false, false);
		}

	}

}
