package com.pulse.messaging.system;

import java.time.Duration;
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

	private final Timer restSendLatency;

	private final Timer wsSendLatency;

	private final Counter commitWaits;

	private final Counter seqsBurned;

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
		this.restSendLatency = sendLatency(registry, "rest");
		this.wsSendLatency = sendLatency(registry, "ws");
		this.commitWaits = Counter.builder("messaging.send.commit.waits")
			.description("Sends that found a lower seq of their conversation still in flight and waited for it")
			.register(registry);
		this.seqsBurned = Counter.builder("messaging.send.seqs.burned")
			.description("Seqs burned for good: a failed or repeated send's own, or a stalled writer's past the deadline")
			.register(registry);
	}

	private static Timer sendLatency(MeterRegistry registry, String channel) {
		return Timer.builder("messaging.send.latency")
			.description("From a send's request or frame in to its answer out (stored and visible, or refused)")
			.tag("channel", channel)
			.serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
					Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500))
			.register(registry);
	}

	/** The send-latency timer of a channel: stop a {@link Timer.Sample} started when the send came in on it. */
	public Timer sendLatency(boolean websocket) {
		return websocket ? this.wsSendLatency : this.restSendLatency;
	}

	public void commitWaited() {
		this.commitWaits.increment();
	}

	public void seqsBurned(int count) {
		this.seqsBurned.increment(count);
	}

	public void messageProcessed(boolean websocket) {
		(websocket ? this.wsMessages : this.restMessages).increment();
	}

	public void fanoutDropped() {
		this.fanoutDropped.increment();
	}

	/** A REST rate-limit decision: {@code budget} send or api, {@code outcome} allowed, limited or failed_open. */
	public void rateLimitDecision(String budget, String outcome) {
		Counter.builder("rate.limit.decisions")
			.description("REST rate-limit decisions; failed_open: Redis did not answer and the call was let through")
			.tag("budget", budget)
			.tag("outcome", outcome)
			.register(this.registry)
			.increment();
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
