package com.pulse.messaging.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import com.pulse.messaging.support.BackingServices;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test consumer straight on the broker (never through a fault proxy): a server-named, exclusive queue bound
 * to an exchange, collecting every delivery with its routing key, AMQP properties and parsed body.
 */
final class EventCapture implements AutoCloseable {

	/** One delivery as a consumer sees it. */
	record Delivery(String routingKey, AMQP.BasicProperties properties, JsonNode body) {

		String eventId() {
			return text(this.body, "event_id");
		}

		String eventType() {
			return text(this.body, "event_type");
		}

		JsonNode data() {
			return this.body.path("data");
		}

	}

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Connection connection;

	private final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

	private EventCapture(Connection connection) {
		this.connection = connection;
	}

	/** Everything published to the service's event exchange from now on. */
	static EventCapture events() {
		return bind("messaging.events", "#");
	}

	static EventCapture bind(String exchange, String bindingKey) {
		try {
			ConnectionFactory factory = new ConnectionFactory();
			factory.setUri(BackingServices.amqpAddresses());
			Connection connection = factory.newConnection("event-capture");
			Channel channel = connection.createChannel();
			channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
			String queue = channel.queueDeclare("", false, true, true, Map.of()).getQueue();
			channel.queueBind(queue, exchange, bindingKey);
			EventCapture capture = new EventCapture(connection);
			channel.basicConsume(queue, true, new DefaultConsumer(channel) {
				@Override
				public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
					capture.deliveries.add(new Delivery(envelope.getRoutingKey(), properties,
							json.readTree(new String(body, StandardCharsets.UTF_8))));
				}
			});
			return capture;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (TimeoutException | URISyntaxException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	List<Delivery> matching(Predicate<Delivery> filter) {
		return this.deliveries.stream().filter(filter).toList();
	}

	/** Distinct event ids among the deliveries of this type whose {@code data.<field>} is one of the values. */
	long distinctEvents(String type, String field, java.util.Collection<String> values) {
		return this.deliveries.stream()
			.filter((d) -> type.equals(d.eventType()) && values.contains(text(d.data(), field)))
			.map(Delivery::eventId)
			.distinct()
			.count();
	}

	/** A string field, or null when absent or not a string. */
	static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() ? value.stringValue() : null;
	}

	@Override
	public void close() {
		try {
			this.connection.close();
		}
		catch (IOException ex) {
			// the broker went away first: nothing left to close
		}
	}

}
