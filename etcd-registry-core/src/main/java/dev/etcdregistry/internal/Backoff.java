package dev.etcdregistry.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with full jitter, so that a fleet of processes that lost etcd at the
 * same moment does not come back at the same moment. Not thread-safe: one per retry loop.
 *
 * <p>Kept rather than Failsafe's {@code RetryPolicy} (on the class path through jetcd): Failsafe
 * runs the retry loop itself and calls a retry a success when the attempt returns, while our
 * loops need only the next delay: a watch is only known to work when etcd's "created" response
 * arrives later on another thread (then {@link #reset()}), and the registry folds failures of
 * many sources into one pending timer on the connection's scheduler. The core has no Spring, so
 * Spring's {@code ExponentialBackOff} (which the starter uses) is not an option here.
 */
public final class Backoff {

	private final long initialMillis;

	private final long maxMillis;

	private int attempt;

	public Backoff(Duration initial, Duration max) {
		this.initialMillis = Math.max(1, initial.toMillis());
		this.maxMillis = Math.max(this.initialMillis, max.toMillis());
	}

	/** The delay before the next attempt: random in [ceiling/2, ceiling], the ceiling doubling up to the max. */
	public Duration next() {
		long ceiling = this.initialMillis << Math.min(this.attempt, 20);
		ceiling = Math.min(ceiling, this.maxMillis);
		this.attempt++;
		long half = ceiling / 2;
		return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
	}

	/** How many delays were handed out since the last reset. */
	public int attempts() {
		return this.attempt;
	}

	/** Starts over after a success. */
	public void reset() {
		this.attempt = 0;
	}

}
