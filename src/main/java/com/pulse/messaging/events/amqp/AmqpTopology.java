package com.pulse.messaging.events.amqp;

import com.pulse.messaging.events.EventsProperties;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.boot.amqp.autoconfigure.RabbitListenerRetrySettingsCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The broker topology this service relies on. Boot's {@code RabbitAdmin} declares it whenever a connection
 * opens, not at start-up, so the service starts and serves while RabbitMQ is down and declares on reconnect.
 */
@Configuration(proxyBeanMethods = false)
class AmqpTopology {

	static final String[] USER_EVENT_TYPES = { "user.created", "user.updated", "user.deleted" };

	@Bean
	Declarables eventTopology(EventsProperties properties) {
		TopicExchange events = ExchangeBuilder.topicExchange(properties.exchange()).durable(true).build();
		// declared here too, so the binding works before the User Service has ever declared it
		TopicExchange users = ExchangeBuilder.topicExchange(properties.userExchange()).durable(true).build();
		DirectExchange deadLetters = ExchangeBuilder.directExchange(properties.userDeadLetterExchange())
			.durable(true)
			.build();
		Queue deadLetterQueue = QueueBuilder.durable(properties.userDeadLetterQueue()).build();
		Queue userQueue = QueueBuilder.durable(properties.userQueue())
			.deadLetterExchange(properties.userDeadLetterExchange())
			.deadLetterRoutingKey(properties.userDeadLetterQueue())
			// the same dead-lettering on Apache Qpid Broker-J (the local run's embedded broker), which sends a
			// message rejected on its first delivery to an alternate exchange, with its own routing key;
			// RabbitMQ ignores both arguments
			.withArgument("alternateExchange", properties.userDeadLetterExchange())
			.withArgument("x-qpid-maximum-delivery-count", 1)
			.build();
		Declarables declarables = new Declarables(events, users, deadLetters, deadLetterQueue, userQueue,
				BindingBuilder.bind(deadLetterQueue).to(deadLetters).with(properties.userDeadLetterQueue()));
		for (String type : USER_EVENT_TYPES) {
			declarables.getDeclarables().add(BindingBuilder.bind(userQueue).to(users).with(type));
			declarables.getDeclarables().add(BindingBuilder.bind(deadLetterQueue).to(deadLetters).with(type));
		}
		return declarables;
	}

	/** A malformed message goes to the dead-letter queue at once: retrying cannot make it well-formed. */
	@Bean
	RabbitListenerRetrySettingsCustomizer noRetryOfRejectedMessages() {
		return (settings) -> settings.setExceptionPredicate((ex) -> !isRejection(ex));
	}

	private static boolean isRejection(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof AmqpRejectAndDontRequeueException) {
				return true;
			}
		}
		return false;
	}

}
