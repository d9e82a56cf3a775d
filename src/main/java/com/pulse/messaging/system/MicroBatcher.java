package com.pulse.messaging.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Group commit: writes submitted while a batch is in flight go out together in the next one, so many
 * concurrent sends cost one database round trip instead of one each. Nothing waits for a timer: a lone
 * write leaves at once. One batch is in flight at a time; the queue is bounded. A batch that gets no
 * answer within its timeout fails alone, so one lost round trip cannot hold up every later write.
 *
 * @param <I> what is written
 * @param <O> the answer for one item
 */
public final class MicroBatcher<I, O> {

	/** The answer for one item of a batch: a value, or the failure of that item alone. */
	public record Outcome<O>(O value, Throwable error) {

		public static <O> Outcome<O> of(O value) {
			return new Outcome<>(value, null);
		}

		public static <O> Outcome<O> failed(Throwable error) {
			return new Outcome<>(null, error);
		}

	}

	private record Pending<I, O>(I item, Sinks.One<O> answer) {
	}

	/** Far above any healthy round trip, well below the 30 s a client waits for an answer. */
	public static final Duration DEFAULT_BATCH_TIMEOUT = Duration.ofSeconds(10);

	private final Function<List<I>, Mono<List<Outcome<O>>>> writer;

	private final int maxBatch;

	private final Duration batchTimeout;

	private final int maxQueued;

	private final Queue<Pending<I, O>> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger queued = new AtomicInteger();

	private final AtomicBoolean inFlight = new AtomicBoolean();

	/**
	 * @param writer writes a batch and answers one outcome per item, in order
	 */
	public MicroBatcher(Function<List<I>, Mono<List<Outcome<O>>>> writer, int maxBatch, int maxQueued) {
		this(writer, maxBatch, maxQueued, DEFAULT_BATCH_TIMEOUT);
	}

	/**
	 * @param writer writes a batch and answers one outcome per item, in order
	 * @param batchTimeout how long a batch may wait for its answer before every item of it fails
	 */
	public MicroBatcher(Function<List<I>, Mono<List<Outcome<O>>>> writer, int maxBatch, int maxQueued,
			Duration batchTimeout) {
		this.writer = writer;
		this.maxBatch = maxBatch;
		this.maxQueued = maxQueued;
		this.batchTimeout = batchTimeout;
	}

	/** Queues the item when the answer is subscribed to. */
	public Mono<O> submit(I item) {
		return Mono.defer(() -> submitNow(item));
	}

	/**
	 * Queues the item now, in the order of the calls, and answers when it is written. For writes whose order
	 * matters (a connection's seq reservations): the next one can be queued before this one is answered.
	 */
	public Mono<O> submitNow(I item) {
		Sinks.One<O> answer = Sinks.one();
		if (this.queued.incrementAndGet() > this.maxQueued) {
			this.queued.decrementAndGet();
			return Mono.error(new ApiException(ErrorCode.UNAVAILABLE, "The service is overloaded, try again later"));
		}
		this.queue.add(new Pending<>(item, answer));
		drain();
		return answer.asMono();
	}

	private void drain() {
		while (!this.queue.isEmpty() && this.inFlight.compareAndSet(false, true)) {
			List<Pending<I, O>> batch = new ArrayList<>();
			for (Pending<I, O> next; batch.size() < this.maxBatch && (next = this.queue.poll()) != null;) {
				batch.add(next);
			}
			this.queued.addAndGet(-batch.size());
			if (batch.isEmpty()) {
				this.inFlight.set(false);
				continue;
			}
			write(batch);
			return;
		}
	}

	private void write(List<Pending<I, O>> batch) {
		List<I> items = batch.stream().map(Pending::item).toList();
		Mono.defer(() -> this.writer.apply(items))
			.timeout(this.batchTimeout)
			.defaultIfEmpty(List.of())
			.subscribe((outcomes) -> answer(batch, outcomes), (error) -> {
				batch.forEach((pending) -> pending.answer().tryEmitError(error));
				finished();
			}, this::finished);
	}

	private void answer(List<Pending<I, O>> batch, List<Outcome<O>> outcomes) {
		for (int i = 0; i < batch.size(); i++) {
			Outcome<O> outcome = (i < outcomes.size()) ? outcomes.get(i) : Outcome
				.failed(new IllegalStateException("batch answered " + outcomes.size() + " of " + batch.size()));
			complete(batch.get(i).answer(), outcome);
		}
	}

	private static <O> void complete(Sinks.One<O> answer, Outcome<O> outcome) {
		if (outcome.error() != null) {
			answer.tryEmitError(outcome.error());
		}
		else if (outcome.value() == null) {
			answer.tryEmitEmpty();
		}
		else {
			answer.tryEmitValue(outcome.value());
		}
	}

	private void finished() {
		this.inFlight.set(false);
		drain();
	}

}
