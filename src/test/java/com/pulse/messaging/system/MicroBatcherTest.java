package com.pulse.messaging.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CopyOnWriteArrayList;

import com.pulse.messaging.system.MicroBatcher.Outcome;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class MicroBatcherTest {

	private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

	@Test
	void aLoneWriteLeavesAtOnce() {
		MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(this::doubled, 10, 100);
		StepVerifier.create(batcher.submit(21)).expectNext(42).verifyComplete();
		assertThat(this.batches).containsExactly(List.of(21));
	}

	@Test
	void writesThatArriveWhileABatchIsInFlightLeaveTogetherInTheNext() {
		Sinks.One<Boolean> release = Sinks.one();
		MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(
				(items) -> release.asMono().then(doubled(items)), 10, 100);
		List<Mono<Integer>> answers = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			Mono<Integer> answer = batcher.submit(i).cache();
			answer.subscribe();
			answers.add(answer);
		}
		release.tryEmitValue(true);
		StepVerifier.create(Flux.concat(answers)).expectNext(2, 4, 6, 8, 10).verifyComplete();
		assertThat(this.batches).containsExactly(List.of(1), List.of(2, 3, 4, 5));
	}

	@Test
	void aFailedItemFailsAloneAndTheOthersSucceed() {
		MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>((items) -> Mono.just(items.stream()
			.map((i) -> (i % 2 == 0) ? Outcome.<Integer>failed(new IllegalArgumentException("even " + i))
					: Outcome.of(i))
			.toList()), 10, 100);
		StepVerifier.create(batcher.submit(1)).expectNext(1).verifyComplete();
		StepVerifier.create(batcher.submit(2)).expectErrorMessage("even 2").verify();
	}

	@Test
	void aFailedBatchFailsEveryItemAndTheNextBatchStillRuns() {
		List<Integer> calls = new CopyOnWriteArrayList<>();
		MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>((items) -> {
			calls.addAll(items);
			return (calls.size() == 1) ? Mono.error(new IllegalStateException("down")) : doubled(items);
		}, 10, 100);
		StepVerifier.create(batcher.submit(1)).expectErrorMessage("down").verify();
		StepVerifier.create(batcher.submit(2)).expectNext(4).verifyComplete();
	}

	@Test
	void aBatchWithoutAnswerTimesOutAloneAndTheNextBatchStillRuns() {
		Sinks.One<Boolean> never = Sinks.one();
		List<Integer> calls = new CopyOnWriteArrayList<>();
		MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>((items) -> {
			calls.addAll(items);
			return (calls.size() == 1) ? never.asMono().then(doubled(items)) : doubled(items);
		}, 10, 100, Duration.ofMillis(200));
		StepVerifier.create(batcher.submit(1))
			.expectError(TimeoutException.class)
			.verify(Duration.ofSeconds(5));
		StepVerifier.create(batcher.submit(2)).expectNext(4).verifyComplete();
	}

	@Test
	void anEmptyItemAnswerCompletesEmpty() {
		MicroBatcher<String, String> batcher = new MicroBatcher<>(
				(items) -> Mono.just(items.stream().map((i) -> Outcome.<String>of(null)).toList()), 10, 100);
		StepVerifier.create(batcher.submit("missing")).verifyComplete();
	}

	@Test
	void refusesWritesPastItsQueueBound() {
		Sinks.One<Boolean> never = Sinks.one();
		MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>((items) -> never.asMono().then(doubled(items)), 1,
				2);
		batcher.submit(1).subscribe();
		batcher.submit(2).subscribe();
		batcher.submit(3).subscribe();
		StepVerifier.create(batcher.submit(4))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ApiException.class)
				.extracting((e) -> ((ApiException) e).code())
				.isEqualTo(ErrorCode.UNAVAILABLE))
			.verify(Duration.ofSeconds(5));
	}

	private Mono<List<Outcome<Integer>>> doubled(List<Integer> items) {
		this.batches.add(List.copyOf(items));
		return Mono.just(items.stream().map((i) -> Outcome.of(i * 2)).toList());
	}

}
