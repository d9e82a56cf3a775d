package com.pulse.messaging.system;

import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/** Every metric of the service, named in one place; tags come from small fixed sets only. */
@Component
public class MessagingMetrics {

	private final MeterRegistry registry;

	private final Counter restMessages;

	private final Counter wsMessages;

	private final Counter fanoutDropped;

	private final Timer fanout;

	public MessagingMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.restMessages = Counter.builder("messages.processed").tag("channel", "rest").register(registry);
		this.wsMessages = Counter.builder("messages.processed").tag("channel", "ws").register(registry);
		this.fanoutDropped = Counter.builder("realtime.fanout.dropped")
			.description("Frames not handed to other instances (Redis away or queue full)")
			.register(registry);
		this.fanout = Timer.builder("realtime.fanout.latency")
			.description("From a stored message to its frames queued on local connections")
			.register(registry);
	}

	public void messageProcessed(boolean websocket) {
		(websocket ? this.wsMessages : this.restMessages).increment();
	}

	public void fanoutDropped() {
		this.fanoutDropped.increment();
	}

	public Timer fanoutTimer() {
		return this.fanout;
	}

	/**
	 * Fan-out envelopes this instance published to other instances' channels, one per target instance and
	 * frame; {@code transport} is {@code classic} (PUBLISH) or {@code sharded} (SPUBLISH).
	 */
	public Counter fanoutEnvelopesPublished(String transport) {
		return Counter.builder("messaging.fanout.envelopes.published")
			.description("Fan-out envelopes published to other instances, one per target instance and frame")
			.tag("transport", transport)
			.register(this.registry);
	}

	/** Fan-out envelopes this instance received on its own channel from other instances. */
	public Counter fanoutEnvelopesReceived(String transport) {
		return Counter.builder("messaging.fanout.envelopes.received")
			.description("Fan-out envelopes received from other instances on this instance's channel")
			.tag("transport", transport)
			.register(this.registry);
	}

	public void gauge(String name, String description, Supplier<Number> value) {
		Gauge.builder(name, value).description(description).register(this.registry);
	}

}
