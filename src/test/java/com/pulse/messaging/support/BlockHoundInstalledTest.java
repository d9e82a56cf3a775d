package com.pulse.messaging.support;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BlockHound is active in the test JVM without any test asking for it. */
class BlockHoundInstalledTest {

	@Test
	void blockingOnAReactorThreadFails() {
		assertThat(BlockHoundInstaller.isInstalled()).isTrue();
		assertThatThrownBy(() -> Mono.delay(Duration.ofMillis(1)).doOnNext((tick) -> {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}).block(Duration.ofSeconds(5)))
			.hasStackTraceContaining("Blocking call")
			.hasStackTraceContaining("java.lang.Thread.sleep");
	}

	@Test
	void blockingOnATestThreadIsAllowed() throws InterruptedException {
		Thread.sleep(1);
	}

}
