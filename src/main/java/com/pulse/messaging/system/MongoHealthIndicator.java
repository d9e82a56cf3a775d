package com.pulse.messaging.system;

import java.time.Duration;

import org.bson.Document;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

/**
 * MongoDB health by a {@code ping} to {@code admin}: Boot's own indicator sends {@code hello} to the
 * application database, which the embedded wire server rejects.
 */
@Component("mongoHealthIndicator")
class MongoHealthIndicator extends AbstractReactiveHealthIndicator {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final ReactiveMongoTemplate mongo;

	MongoHealthIndicator(ReactiveMongoTemplate mongo) {
		super("MongoDB health check failed");
		this.mongo = mongo;
	}

	@Override
	protected Mono<Health> doHealthCheck(Health.Builder builder) {
		return this.mongo.getMongoDatabaseFactory()
			.getMongoDatabase("admin")
			.flatMap((admin) -> Mono.from(admin.runCommand(new Document("ping", 1))))
			.timeout(TIMEOUT)
			.map((answer) -> builder.up().build());
	}

}
