package com.pulse.messaging.support;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Each resolved backend answers over its real wire protocol. */
class BackingServicesTest {

	private static final Map<String, String> properties = BackingServices.properties(BackingServices.Mode.TEST);

	@Test
	void propertiesAreStableAndComplete() {
		assertThat(BackingServices.properties(BackingServices.Mode.TEST)).isEqualTo(properties)
			.containsOnlyKeys("spring.mongodb.uri", "spring.data.redis.url", "spring.rabbitmq.addresses");
		assertThat(properties.get("spring.mongodb.uri")).startsWith("mongodb")
			.contains(BackingServices.mongo().address());
		assertThat(properties.get("spring.data.redis.url")).startsWith("redis")
			.contains(BackingServices.redis().address());
		assertThat(properties.get("spring.rabbitmq.addresses")).contains(BackingServices.amqp().address());
	}

	@Test
	void mongoStoresAndFindsADocument() {
		try (MongoClient client = MongoClients.create(properties.get("spring.mongodb.uri"))) {
			MongoCollection<Document> collection = client.getDatabase(BackingServices.DATABASE)
				.getCollection("backing_services_test");
			String id = UUID.randomUUID().toString();
			StepVerifier.create(Mono.from(collection.insertOne(new Document("_id", id).append("text", "hello"))))
				.expectNextCount(1)
				.verifyComplete();
			StepVerifier.create(Mono.from(collection.find(new Document("_id", id)).first()))
				.assertNext((document) -> assertThat(document.getString("text")).isEqualTo("hello"))
				.expectComplete()
				.verify(Duration.ofSeconds(10));
		}
	}

	@Test
	void redisSetsAndGets() {
		RedisClient client = RedisClient.create(properties.get("spring.data.redis.url"));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			String key = "backing-services-test:" + UUID.randomUUID();
			assertThat(connection.sync().set(key, "hello")).isEqualTo("OK");
			assertThat(connection.sync().get(key)).isEqualTo("hello");
			connection.sync().del(key);
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void amqpBrokerRoutesAMessage() throws Exception {
		CachingConnectionFactory connectionFactory = new CachingConnectionFactory();
		String addresses = properties.get("spring.rabbitmq.addresses");
		if (addresses.contains("://")) {
			connectionFactory.setUri(addresses); // Boot accepts URIs in spring.rabbitmq.addresses, the factory does not
		}
		else {
			connectionFactory.setAddresses(addresses);
		}
		try {
			RabbitAdmin admin = new RabbitAdmin(connectionFactory);
			String queue = admin.declareQueue(new Queue("backing-services-test-" + UUID.randomUUID(), false, true, true));
			RabbitTemplate template = new RabbitTemplate(connectionFactory);
			template.convertAndSend("", queue, "hello");
			assertThat(template.receiveAndConvert(queue, 10_000)).isEqualTo("hello");
			admin.deleteQueue(queue);
		}
		finally {
			connectionFactory.destroy();
		}
	}

	@Test
	void amqpBrokerAcceptsRabbitMqQueueArguments() {
		CachingConnectionFactory connectionFactory = new CachingConnectionFactory();
		connectionFactory.setUri(amqpUri());
		try {
			RabbitAdmin admin = new RabbitAdmin(connectionFactory);
			Queue queue = QueueBuilder.nonDurable("backing-services-test-dlx-" + UUID.randomUUID())
				.autoDelete()
				.deadLetterExchange("backing-services-test.dlx")
				.deadLetterRoutingKey("dead")
				.build();
			assertThat(admin.declareQueue(queue)).isEqualTo(queue.getName());
			admin.deleteQueue(queue.getName());
		}
		finally {
			connectionFactory.destroy();
		}
	}

	private static String amqpUri() {
		String addresses = properties.get("spring.rabbitmq.addresses");
		return addresses.contains("://") ? addresses : "amqp://guest:guest@" + addresses;
	}

	@Test
	void parsesAddresses() {
		assertThat(BackingServices.parseMongo("mongodb://u:p@db1:27018,db2:27019/messaging?replicaSet=rs0"))
			.isEqualTo(new BackingServices.Endpoint("db1", 27018));
		assertThat(BackingServices.parseMongo("mongodb://localhost/messaging"))
			.isEqualTo(new BackingServices.Endpoint("localhost", 27017));
		assertThat(BackingServices.parseUri("redis://:secret@cache:6380/0", 6379))
			.isEqualTo(new BackingServices.Endpoint("cache", 6380));
		assertThat(BackingServices.parseAmqp("amqp://guest:guest@127.0.0.1:5672"))
			.isEqualTo(new BackingServices.Endpoint("127.0.0.1", 5672));
		assertThat(BackingServices.parseAmqp("rabbit1:5673,rabbit2:5674"))
			.isEqualTo(new BackingServices.Endpoint("rabbit1", 5673));
	}

}
