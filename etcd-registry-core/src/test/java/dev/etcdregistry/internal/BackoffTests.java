package dev.etcdregistry.internal;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTests {

	@Test
	void growsWithJitterUpToTheMaxAndStartsOverOnReset() {
		Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
		assertThat(backoff.next().toMillis()).isBetween(50L, 100L);
		assertThat(backoff.next().toMillis()).isBetween(100L, 200L);
		assertThat(backoff.next().toMillis()).isBetween(200L, 400L);
		assertThat(backoff.next().toMillis()).isBetween(400L, 800L);
		for (int i = 0; i < 40; i++) {
			assertThat(backoff.next().toMillis()).isBetween(500L, 1000L);
		}
		backoff.reset();
		assertThat(backoff.next().toMillis()).isBetween(50L, 100L);
	}

}
