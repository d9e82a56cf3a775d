package com.pulse.messaging.support;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The backing services in a process of their own, so the service can be measured as deployed: pinned
 * alone to one core, with MongoDB, Redis and the broker on another. Started by
 * {@code taskset -c 1 ./mvnw -Pbackends test-compile exec:java}; prints the three addresses as
 * environment lines for the service and runs until stopped.
 * <p>
 * MongoDB is always an in-memory mongo-java-server here (on {@code BACKENDS_MONGO_PORT}, default 27018), since
 * no MongoDB server can be installed on these machines; Redis and RabbitMQ are found as everywhere else
 * ({@code REDIS_URL} / {@code RABBITMQ_URL}, else embedded in this process).
 */
public final class StandaloneBackends {

	private StandaloneBackends() {
	}

	public static void main(String[] args) throws InterruptedException {
		int port = Integer.parseInt(System.getenv().getOrDefault("BACKENDS_MONGO_PORT", "27018"));
		MongoServer mongo = new MongoServer(new MemoryBackend());
		mongo.bind("127.0.0.1", port);
		InetSocketAddress address = mongo.getLocalAddress();
		String mongoUri = "mongodb://127.0.0.1:" + address.getPort() + "/" + BackingServices.DATABASE;
		String redis = BackingServices.redisUrl();
		String amqp = BackingServices.amqpAddresses();
		Runtime.getRuntime().addShutdownHook(new Thread(mongo::shutdownNow, "mongo-shutdown"));
		System.out.println();
		System.out.println("Backing services ready; point the service at them with:");
		System.out.println("export MONGODB_URI=" + mongoUri);
		System.out.println("export REDIS_URL=" + redis);
		System.out.println("export RABBITMQ_URL=" + amqp);
		System.out.flush();
		new CountDownLatch(1).await();
	}

}
