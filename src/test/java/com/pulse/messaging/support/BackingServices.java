package com.pulse.messaging.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.SystemConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import org.springframework.boot.SpringApplication;

/**
 * Finds MongoDB, Redis and an AMQP 0-9-1 broker for tests and for the local run, once per JVM.
 * <p>
 * Order for each service: (1) an address in the environment ({@code MONGODB_URI} / {@code SPRING_MONGODB_URI},
 * {@code REDIS_URL} / {@code SPRING_DATA_REDIS_URL}, {@code RABBITMQ_URL} / {@code SPRING_RABBITMQ_ADDRESSES});
 * (2) where a Docker engine answers, a Testcontainers container ({@code mongo:8}, {@code redis:7},
 * {@code rabbitmq:4-management}); (3) an embedded in-process server on a free port (mongo-java-server,
 * embedded-redis, Qpid Broker-J). Each choice is logged in one line. Embedded servers and containers are
 * stopped at JVM shutdown, after Spring Boot has closed its application contexts (the H2 store of the local
 * run is closed cleanly).
 */
public final class BackingServices {

	/** How the embedded MongoDB keeps its data. */
	public enum Mode {
		/** In-memory MongoDB: every test JVM starts empty. */
		TEST,
		/** MongoDB data kept in an H2 file under {@code ./data/} so that it survives restarts. */
		LOCAL_RUN
	}

	/** Host and port of a resolved backend, e.g. for a {@link TcpProxy} in front of it. */
	public record Endpoint(String host, int port) {

		/** {@code host:port}. */
		public String address() {
			return host + ":" + port;
		}

		@Override
		public String toString() {
			return address();
		}
	}

	/** Spring property naming the MongoDB connection string (Boot 4). */
	public static final String MONGODB_URI_PROPERTY = "spring.mongodb.uri";

	/** Spring property naming the Redis URL. */
	public static final String REDIS_URL_PROPERTY = "spring.data.redis.url";

	/** Spring property naming the AMQP broker addresses. */
	public static final String RABBITMQ_ADDRESSES_PROPERTY = "spring.rabbitmq.addresses";

	/** Database name used for the embedded and container MongoDB. */
	public static final String DATABASE = "messaging";

	/** File of the H2 MongoDB store of the local run, relative to the working directory. */
	public static final Path LOCAL_MONGO_FILE = Paths.get("data", "mongo.mv");

	private static final String LOOPBACK = "127.0.0.1";

	private static final Logger log = LoggerFactory.getLogger(BackingServices.class);

	private static final Object lock = new Object();

	private static final List<Runnable> stoppers = new ArrayList<>();

	private static Resolved mongo;

	private static Resolved redis;

	private static Resolved amqp;

	private static Boolean docker;

	private static Mode mongoMode;

	private static boolean hookInstalled;

	private BackingServices() {
	}

	/**
	 * Resolves the three backends (once per JVM) and returns the Spring properties pointing at them:
	 * {@code spring.mongodb.uri}, {@code spring.data.redis.url} and {@code spring.rabbitmq.addresses}.
	 * The same map is returned every time, so Spring test contexts built from it are reused.
	 */
	public static Map<String, String> properties(Mode mode) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put(MONGODB_URI_PROPERTY, mongoUri(mode));
		properties.put(REDIS_URL_PROPERTY, redisUrl());
		properties.put(RABBITMQ_ADDRESSES_PROPERTY, amqpAddresses());
		return properties;
	}

	/** MongoDB connection string; resolves MongoDB with {@code mode} if not yet resolved. */
	public static String mongoUri(Mode mode) {
		return resolveMongo(mode).uri();
	}

	/** Redis URL ({@code redis://host:port}); resolves Redis if not yet resolved. */
	public static String redisUrl() {
		return resolveRedis().uri();
	}

	/** AMQP address ({@code amqp://guest:guest@host:port}); resolves the broker if not yet resolved. */
	public static String amqpAddresses() {
		return resolveAmqp().uri();
	}

	/** Host and port of MongoDB (resolved with {@link Mode#TEST} if nothing has resolved it yet). */
	public static Endpoint mongo() {
		synchronized (lock) {
			return resolveMongo((mongoMode != null) ? mongoMode : Mode.TEST).endpoint();
		}
	}

	/** Host and port of Redis. */
	public static Endpoint redis() {
		return resolveRedis().endpoint();
	}

	/** Host and port of the AMQP broker. */
	public static Endpoint amqp() {
		return resolveAmqp().endpoint();
	}

	/**
	 * Stops every embedded server and container this class started, in reverse order. Also runs at JVM shutdown
	 * (as a Spring Boot shutdown handler); calling it more than once is harmless. After it, the next call
	 * resolves afresh.
	 */
	public static void stopAll() {
		List<Runnable> toRun;
		synchronized (lock) {
			toRun = new ArrayList<>(stoppers);
			stoppers.clear();
			mongo = null;
			redis = null;
			amqp = null;
			mongoMode = null;
		}
		for (int i = toRun.size() - 1; i >= 0; i--) {
			try {
				toRun.get(i).run();
			}
			catch (Throwable ex) {
				log.warn("Stopping a backing service failed: {}", ex.toString());
			}
		}
	}

	// ------------------------------------------------------------------ resolution

	private static Resolved resolveMongo(Mode mode) {
		synchronized (lock) {
			if (mongo != null) {
				if (mode != mongoMode && mongo.embedded()) {
					log.warn("MongoDB already resolved for {}; ignoring request for {}", mongoMode, mode);
				}
				return mongo;
			}
			String fromEnv = env("MONGODB_URI", "SPRING_MONGODB_URI");
			if (fromEnv != null) {
				mongo = new Resolved(fromEnv, parseMongo(fromEnv), false);
				log.info("MongoDB: address from the environment at {}", mongo.endpoint());
			}
			else if (dockerAvailable()) {
				mongo = Containers.mongo();
				log.info("MongoDB: Testcontainers mongo:8 at {}", mongo.endpoint());
			}
			else {
				mongo = startEmbeddedMongo(mode);
			}
			mongoMode = mode;
			return mongo;
		}
	}

	private static Resolved resolveRedis() {
		synchronized (lock) {
			if (redis != null) {
				return redis;
			}
			String fromEnv = env("REDIS_URL", "SPRING_DATA_REDIS_URL");
			if (fromEnv != null) {
				redis = new Resolved(fromEnv, parseUri(fromEnv, 6379), false);
				log.info("Redis: address from the environment at {}", redis.endpoint());
			}
			else if (dockerAvailable()) {
				redis = Containers.redis();
				log.info("Redis: Testcontainers redis:7 at {}", redis.endpoint());
			}
			else {
				redis = startEmbeddedRedis();
			}
			return redis;
		}
	}

	private static Resolved resolveAmqp() {
		synchronized (lock) {
			if (amqp != null) {
				return amqp;
			}
			String fromEnv = env("RABBITMQ_URL", "SPRING_RABBITMQ_ADDRESSES");
			if (fromEnv != null) {
				amqp = new Resolved(fromEnv, parseAmqp(fromEnv), false);
				log.info("AMQP: address from the environment at {}", amqp.endpoint());
			}
			else if (dockerAvailable()) {
				amqp = Containers.rabbit();
				log.info("AMQP: Testcontainers rabbitmq:4-management at {}", amqp.endpoint());
			}
			else {
				amqp = startEmbeddedQpid();
			}
			return amqp;
		}
	}

	private static String env(String... names) {
		for (String name : names) {
			String value = System.getenv(name);
			if (value != null && !value.isBlank()) {
				return value.trim();
			}
		}
		return null;
	}

	// ------------------------------------------------------------------ Docker

	/**
	 * Whether a Docker engine answers. A cheap pre-check (no {@code DOCKER_HOST}, no Testcontainers
	 * configuration file, no Docker socket) avoids loading Testcontainers at all on machines without an
	 * engine; otherwise Testcontainers decides, and any failure counts as "no Docker".
	 */
	private static boolean dockerAvailable() {
		if (docker == null) {
			docker = detectDocker();
			if (!docker) {
				log.info("Docker: no engine answers; embedded servers are used where no address is given");
			}
		}
		return docker;
	}

	private static boolean detectDocker() {
		if (Boolean.getBoolean("backing-services.no-docker") || "true".equalsIgnoreCase(System.getenv("BACKING_SERVICES_NO_DOCKER"))) {
			return false;
		}
		if (!maybeDocker()) {
			return false;
		}
		try {
			return Containers.dockerAvailable();
		}
		catch (Throwable ex) {
			log.debug("Docker check failed: {}", ex.toString());
			return false;
		}
	}

	private static boolean maybeDocker() {
		if (System.getenv("DOCKER_HOST") != null || System.getenv("TESTCONTAINERS_HOST_OVERRIDE") != null) {
			return true;
		}
		String home = System.getProperty("user.home", "");
		List<Path> candidates = new ArrayList<>(List.of(Paths.get("/var/run/docker.sock"),
				Paths.get(home, ".testcontainers.properties"), Paths.get(home, ".docker", "run", "docker.sock"),
				Paths.get(home, ".docker", "desktop", "docker.sock"), Paths.get(home, ".colima", "docker.sock"),
				Paths.get(home, ".rd", "docker.sock")));
		String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
		if (runtimeDir != null) {
			candidates.add(Paths.get(runtimeDir, "docker.sock"));
		}
		if (System.getProperty("os.name", "").toLowerCase().contains("win")) {
			return true; // named pipes: let Testcontainers decide
		}
		return candidates.stream().anyMatch(Files::exists);
	}

	/** Testcontainers code, in its own class so that it is loaded only where Docker may answer. */
	private static final class Containers {

		static boolean dockerAvailable() {
			return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
		}

		static Resolved mongo() {
			var container = new org.testcontainers.mongodb.MongoDBContainer("mongo:8");
			container.start();
			addStopper(container::stop);
			String uri = container.getReplicaSetUrl(DATABASE);
			return new Resolved(uri, new Endpoint(container.getHost(), container.getMappedPort(27017)), false);
		}

		static Resolved redis() {
			var container = new org.testcontainers.containers.GenericContainer<>(
					org.testcontainers.utility.DockerImageName.parse("redis:7"))
				.withExposedPorts(6379);
			container.start();
			addStopper(container::stop);
			Endpoint endpoint = new Endpoint(container.getHost(), container.getMappedPort(6379));
			return new Resolved("redis://" + endpoint.address(), endpoint, false);
		}

		static Resolved rabbit() {
			var container = new org.testcontainers.rabbitmq.RabbitMQContainer("rabbitmq:4-management");
			container.start();
			addStopper(container::stop);
			Endpoint endpoint = new Endpoint(container.getHost(), container.getAmqpPort());
			return new Resolved("amqp://" + container.getAdminUsername() + ":" + container.getAdminPassword() + "@"
					+ endpoint.address(), endpoint, false);
		}

	}

	// ------------------------------------------------------------------ embedded MongoDB

	private static Resolved startEmbeddedMongo(Mode mode) {
		MongoBackend backend;
		String kind;
		// LOCAL_MONGO=memory keeps the local run's data in memory only (used for benchmarks)
		boolean keepData = mode == Mode.LOCAL_RUN && !"memory".equalsIgnoreCase(System.getenv("LOCAL_MONGO"));
		if (keepData) {
			try {
				Files.createDirectories(LOCAL_MONGO_FILE.toAbsolutePath().getParent());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			String file = LOCAL_MONGO_FILE.toAbsolutePath().toString();
			backend = new H2Backend(file);
			kind = "H2 file " + file;
		}
		else {
			backend = new MemoryBackend();
			kind = "memory";
		}
		MongoServer server = new MongoServer(backend);
		server.bind(LOOPBACK, 0);
		InetSocketAddress address = server.getLocalAddress();
		Endpoint endpoint = new Endpoint(LOOPBACK, address.getPort());
		addStopper(server::shutdownNow); // also closes the backend: the H2 store is committed and closed
		log.info("MongoDB: embedded mongo-java-server ({}) at {}", kind, endpoint);
		return new Resolved("mongodb://" + endpoint.address() + "/" + DATABASE, endpoint, true);
	}

	// ------------------------------------------------------------------ embedded Redis

	private static Resolved startEmbeddedRedis() {
		IOException last = null;
		for (int attempt = 0; attempt < 3; attempt++) {
			int port = FreePorts.find();
			try {
				RedisServer server = RedisServer.newRedisServer()
					.bind(LOOPBACK)
					.port(port)
					.setting("save \"\"")
					.setting("appendonly no")
					.setting("protected-mode no")
					.build();
				server.start();
				addStopper(() -> {
					try {
						server.stop();
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				});
				Endpoint endpoint = new Endpoint(LOOPBACK, port);
				log.info("Redis: embedded redis-server (embedded-redis) at {}", endpoint);
				return new Resolved("redis://" + endpoint.address(), endpoint, true);
			}
			catch (IOException ex) {
				last = ex;
				log.warn("Embedded Redis on port {} did not start ({}), trying another port", port, ex.toString());
			}
		}
		throw new IllegalStateException("Embedded Redis did not start", last);
	}

	// ------------------------------------------------------------------ embedded AMQP broker

	private static Resolved startEmbeddedQpid() {
		Exception last = null;
		for (int attempt = 0; attempt < 3; attempt++) {
			int port = FreePorts.find();
			Path work = null;
			quietQpidLogging();
			java.util.concurrent.atomic.AtomicReference<SystemConfig<?>> systemConfig = new java.util.concurrent.atomic.AtomicReference<>();
			SystemLauncher launcher = new SystemLauncher(new SystemLauncherListener.DefaultSystemLauncherListener() {
				@Override
				public void onContainerResolve(SystemConfig<?> config) {
					systemConfig.set(config);
				}
			});
			try {
				work = Files.createTempDirectory("qpid-work-");
				Path config = work.resolve("initial-config.json");
				Files.writeString(config, qpidInitialConfig(port), StandardCharsets.UTF_8);
				Map<String, Object> attributes = new LinkedHashMap<>();
				attributes.put("type", "Memory");
				attributes.put("initialConfigurationLocation", config.toUri().toString());
				attributes.put("startupLoggedToSystemOut", false);
				attributes.put("preferenceStoreAttributes", Map.of("type", "Noop"));
				attributes.put("context", Map.of("qpid.work_dir", work.toString(), "QPID_WORK", work.toString()));
				launcher.startup(attributes);
				removeQpidShutdownHook(systemConfig.get());
				Path workDir = work;
				addStopper(() -> {
					try {
						launcher.shutdown();
					}
					finally {
						// at JVM shutdown Qpid may throw (it removes a shutdown hook); the work dir goes regardless
						deleteQuietly(workDir);
					}
				});
				Endpoint endpoint = new Endpoint(LOOPBACK, port);
				log.info("AMQP: embedded Apache Qpid Broker-J (memory) at {}", endpoint);
				return new Resolved("amqp://guest:guest@" + endpoint.address(), endpoint, true);
			}
			catch (Exception ex) {
				last = ex;
				log.warn("Embedded Qpid on port {} did not start ({}), trying another port", port, ex.toString());
				try {
					launcher.shutdown();
				}
				catch (Throwable ignored) {
					// best effort
				}
				deleteQuietly(work);
			}
		}
		throw new IllegalStateException("Embedded Qpid Broker-J did not start", last);
	}

	/**
	 * The broker adds its own JVM shutdown hook, which would stop it while the service is still shutting
	 * down; remove it so that the broker stops with the other backends, after Spring's contexts are closed.
	 */
	private static void removeQpidShutdownHook(SystemConfig<?> config) {
		try {
			Object broker = config.getContainer();
			for (Class<?> type = broker.getClass(); type != null; type = type.getSuperclass()) {
				for (java.lang.reflect.Field field : type.getDeclaredFields()) {
					if (field.getName().equals("_shutdownHook") && Thread.class.isAssignableFrom(field.getType())) {
						field.setAccessible(true);
						if (field.get(broker) instanceof Thread hook && Runtime.getRuntime().removeShutdownHook(hook)) {
							return;
						}
					}
				}
			}
			log.info("Qpid's own shutdown hook was not found; the broker may stop before the service");
		}
		catch (Throwable ex) {
			log.info("Qpid's own shutdown hook stays in place: {}", ex.toString());
		}
	}

	/** Qpid logs every start-up step at INFO; keep its warnings only (until Spring configures logging). */
	private static void quietQpidLogging() {
		for (String name : List.of("qpid.message", "org.apache.qpid")) {
			if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger && logger.getLevel() == null) {
				logger.setLevel(ch.qos.logback.classic.Level.WARN);
			}
		}
	}

	private static String qpidInitialConfig(int port) {
		// PLAIN is TLS-only by default: secureOnlyMechanisms [] lets the RabbitMQ client log in as guest/guest
		// over plain TCP. The defaultAlias maps the client's vhost "/" to the only virtual host. Qpid refuses
		// RabbitMQ-only declare arguments (x-dead-letter-exchange, x-queue-type, ...) by closing the
		// connection; LOG makes it accept them with a warning (they then have no effect).
		return """
				{
				  "name": "embedded-broker",
				  "modelVersion": "9.1",
				  "context": {
				    "queue.behaviourOnUnknownDeclareArgument": "LOG",
				    "exchange.behaviourOnUnknownDeclareArgument": "LOG"
				  },
				  "authenticationproviders": [ {
				    "name": "plain",
				    "type": "Plain",
				    "secureOnlyMechanisms": [],
				    "users": [ { "name": "guest", "type": "managed", "password": "guest" } ]
				  } ],
				  "ports": [ {
				    "name": "AMQP",
				    "port": %d,
				    "bindingAddress": "%s",
				    "protocols": [ "AMQP_0_9_1", "AMQP_0_9", "AMQP_0_8" ],
				    "authenticationProvider": "plain",
				    "virtualhostaliases": [
				      { "name": "defaultAlias", "type": "defaultAlias" },
				      { "name": "nameAlias", "type": "nameAlias" }
				    ]
				  } ],
				  "virtualhostnodes": [ {
				    "name": "default",
				    "type": "Memory",
				    "defaultVirtualHostNode": "true",
				    "virtualHostInitialConfiguration": "{ \\"type\\": \\"Memory\\" }"
				  } ]
				}
				""".formatted(port, LOOPBACK);
	}

	// ------------------------------------------------------------------ helpers

	private static void addStopper(Runnable stopper) {
		synchronized (lock) {
			stoppers.add(stopper);
			if (!hookInstalled) {
				hookInstalled = true;
				// Spring Boot's shutdown hook runs its handlers after it has closed the application contexts
				// it knows, so the service is not left talking to backends that are already gone. That hook
				// only exists once a SpringApplication has run, so a plain JVM hook backs it up; it waits for
				// Spring's hook thread first when there is one.
				SpringApplication.getShutdownHandlers().add(BackingServices::stopAll);
				Runtime.getRuntime().addShutdownHook(new Thread(BackingServices::stopAfterSpring, "backing-services-shutdown"));
			}
		}
	}

	private static void stopAfterSpring() {
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(200);
		Thread spring = null;
		while (spring == null && System.nanoTime() < deadline) { // JVM hooks start one after the other
			spring = Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter((thread) -> "SpringApplicationShutdownHook".equals(thread.getName()))
				.findFirst()
				.orElse(null);
			if (spring == null) {
				Thread.onSpinWait();
			}
		}
		if (spring != null) {
			try {
				spring.join(java.util.concurrent.TimeUnit.SECONDS.toMillis(60));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		stopAll();
	}

	private static void deleteQuietly(Path dir) {
		if (dir == null) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ignored) {
			// best effort
		}
	}

	static Endpoint parseMongo(String uri) {
		// mongodb://[user:pass@]host1[:port1][,host2...]/db?opts or mongodb+srv://host/db
		String rest = uri.substring(uri.indexOf("://") + 3);
		int at = rest.lastIndexOf('@', firstIndexOf(rest, "/?"));
		rest = rest.substring(at + 1);
		int end = firstIndexOf(rest, "/?,");
		return hostPort(rest.substring(0, end), 27017);
	}

	static Endpoint parseAmqp(String addresses) {
		String first = addresses.split(",")[0].trim();
		if (first.contains("://")) {
			return parseUri(first, first.startsWith("amqps") ? 5671 : 5672);
		}
		int at = first.lastIndexOf('@');
		return hostPort(first.substring(at + 1), 5672);
	}

	static Endpoint parseUri(String value, int defaultPort) {
		URI uri = URI.create(value);
		String host = (uri.getHost() != null) ? uri.getHost() : LOOPBACK;
		return new Endpoint(host, (uri.getPort() > 0) ? uri.getPort() : defaultPort);
	}

	private static Endpoint hostPort(String hostPort, int defaultPort) {
		if (hostPort.startsWith("[")) { // IPv6 literal
			int close = hostPort.indexOf(']');
			String host = hostPort.substring(1, close);
			String port = hostPort.substring(close + 1);
			return new Endpoint(host, port.startsWith(":") ? Integer.parseInt(port.substring(1)) : defaultPort);
		}
		int colon = hostPort.lastIndexOf(':');
		if (colon < 0) {
			return new Endpoint(hostPort, defaultPort);
		}
		return new Endpoint(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
	}

	private static int firstIndexOf(String value, String chars) {
		int min = value.length();
		for (char c : chars.toCharArray()) {
			int i = value.indexOf(c);
			if (i >= 0 && i < min) {
				min = i;
			}
		}
		return min;
	}

	private record Resolved(String uri, Endpoint endpoint, boolean embedded) {
	}

}
