package com.pulse.messaging.system;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.pulse.messaging.MessagingApplication;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code prod} profile refuses to start, with one line naming the setting, when an address is missing or
 * the JWT secret is short or the development one. Each case is a fresh JVM, as a deployment would start it.
 */
class ProductionProfileTest {

	private static final String SECRET = "production-secret-production-secret-0123"; // 40 bytes

	private static final String DEV_SECRET = "change-me-change-me-change-me-change-me-0123456789";

	@TempDir
	static Path temp;

	private static Path argFile;

	@BeforeAll
	static void writeClassPath() throws IOException {
		// an argument file: a long class path on the command line can pass the OS limit for one argument
		argFile = temp.resolve("java-args");
		String classPath = System.getProperty("java.class.path").replace("\\", "\\\\");
		Files.writeString(argFile, "-cp \"" + classPath + "\"", StandardCharsets.UTF_8);
	}

	@Test
	void refusesToStartWithoutMongoUri() throws Exception {
		Result result = start(Map.of("REDIS_URL", "redis://127.0.0.1:6379", "RABBITMQ_URL",
				"amqp://guest:guest@127.0.0.1:5672", "JWT_SECRET", SECRET));
		assertThat(result.exitCode()).as(result.output()).isNotZero();
		assertThat(result.output()).as("one line names the setting").containsPattern("(?m)^.*MONGODB_URI.*$");
		assertThat(result.output()).contains("MONGODB_URI is not set");
	}

	@Test
	void refusesToStartWithoutRedisUrl() throws Exception {
		Result result = start(Map.of("MONGODB_URI", "mongodb://127.0.0.1:27017/messaging", "RABBITMQ_URL",
				"amqp://guest:guest@127.0.0.1:5672", "JWT_SECRET", SECRET));
		assertThat(result.exitCode()).as(result.output()).isNotZero();
		assertThat(result.output()).contains("REDIS_URL is not set");
	}

	@Test
	void refusesToStartWithJwtSecretShorterThan32Bytes() throws Exception {
		Result result = start(Map.of("MONGODB_URI", "mongodb://127.0.0.1:27017/messaging", "REDIS_URL",
				"redis://127.0.0.1:6379", "RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672", "JWT_SECRET",
				"only-31-bytes-long-secret-12345"));
		assertThat(result.exitCode()).as(result.output()).isNotZero();
		assertThat(result.output()).contains("JWT_SECRET is shorter than 32 bytes");
		assertThat(result.output()).as("the secret itself is not printed").doesNotContain("only-31-bytes-long-secret-12345");
	}

	@Test
	void refusesToStartWithTheDevelopmentJwtSecret() throws Exception {
		Result result = start(Map.of("MONGODB_URI", "mongodb://127.0.0.1:27017/messaging", "REDIS_URL",
				"redis://127.0.0.1:6379", "RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672", "JWT_SECRET", DEV_SECRET));
		assertThat(result.exitCode()).as(result.output()).isNotZero();
		assertThat(result.output()).contains("JWT_SECRET is the development secret");
	}

	private record Result(int exitCode, String output) {
	}

	/** Starts the service with the prod profile and exactly these service settings in the environment. */
	private static Result start(Map<String, String> settings) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "@" + argFile, MessagingApplication.class.getName(),
				"--spring.profiles.active=prod", "--server.port=0");
		Map<String, String> environment = builder.environment();
		for (String name : List.of("MONGODB_URI", "SPRING_MONGODB_URI", "REDIS_URL", "SPRING_DATA_REDIS_URL",
				"RABBITMQ_URL", "SPRING_RABBITMQ_ADDRESSES", "JWT_SECRET", "SPRING_PROFILES_ACTIVE", "JAVA_TOOL_OPTIONS")) {
			environment.remove(name);
		}
		environment.putAll(settings);
		File log = temp.resolve("out-" + System.nanoTime() + ".log").toFile();
		builder.redirectErrorStream(true).redirectOutput(log);
		Process process = builder.start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			throw new AssertionError("still running after 60 s: " + Files.readString(log.toPath()));
		}
		return new Result(process.exitValue(), Files.readString(log.toPath()));
	}

}
