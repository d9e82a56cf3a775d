package com.pulse.messaging.events.amqp;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.pulse.messaging.events.EventPublisher;
import com.pulse.messaging.events.EventsProperties;
import com.pulse.messaging.events.PublishableEvent;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes a batch of events on one channel and waits for the broker's confirms (publisher confirms of
 * type {@code simple}). The RabbitMQ client blocks, so the work runs on {@code boundedElastic}.
 */
@Component
class RabbitEventPublisher implements EventPublisher {

	private final RabbitTemplate rabbit;

	private final EventsProperties properties;

	RabbitEventPublisher(RabbitTemplate rabbit, EventsProperties properties) {
		this.rabbit = rabbit;
		this.properties = properties;
	}

	@Override
	public Mono<Void> publish(List<PublishableEvent> events) {
		return Mono.<Void>fromRunnable(() -> send(events)).subscribeOn(Schedulers.boundedElastic());
	}

	private void send(List<PublishableEvent> events) {
		String exchange = this.properties.exchange();
		long timeout = this.properties.confirmTimeout().toMillis();
		// invoke() keeps one channel for the whole batch, so one wait covers every confirm of it
		this.rabbit.invoke((operations) -> {
			for (PublishableEvent event : events) {
				operations.send(exchange, event.eventType(), toMessage(event));
			}
			operations.waitForConfirmsOrDie(timeout);
			return null;
		});
	}

	static Message toMessage(PublishableEvent event) {
		MessageProperties properties = new MessageProperties();
		properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
		properties.setContentEncoding(StandardCharsets.UTF_8.name());
		properties.setMessageId(event.eventId());
		properties.setType(event.eventType());
		return new Message(event.envelope().getBytes(StandardCharsets.UTF_8), properties);
	}

}
