package com.pulse.messaging.realtime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class SendWindowTest {

	private final List<String> answered = new CopyOnWriteArrayList<>();

	@Test
	void answersGoOutInTheOrderTheSendsWereAcceptedWhicheverFinishesFirst() {
		SendWindow window = new SendWindow(8);
		SendWindow.Turn first = window.started();
		SendWindow.Turn second = window.started();
		SendWindow.Turn third = window.started();
		window.finished(third, () -> this.answered.add("third"));
		window.finished(second, () -> this.answered.add("second"));
		assertThat(this.answered).isEmpty();
		window.finished(first, () -> this.answered.add("first"));
		assertThat(this.answered).containsExactly("first", "second", "third");
	}

	@Test
	void aFullWindowMakesTheNextSendWaitUntilItsOldestIsAnswered() {
		SendWindow window = new SendWindow(2);
		SendWindow.Turn first = window.started();
		SendWindow.Turn second = window.started();
		StepVerifier.create(window.slot())
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(50))
			.then(() -> window.finished(second, () -> this.answered.add("second")))
			.expectNoEvent(Duration.ofMillis(50))
			.then(() -> window.finished(first, () -> this.answered.add("first")))
			.verifyComplete();
		assertThat(this.answered).containsExactly("first", "second");
		StepVerifier.create(window.slot()).verifyComplete();
	}

}
