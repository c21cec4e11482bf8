package dev.etcdregistry.registry.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.etcdregistry.internal.Backoff;

/**
 * Runs a repair once after a back-off delay; asking again while one is pending does nothing,
 * so a burst of failures schedules one retry, not one each.
 */
final class RetryTimer {

	private final ScheduledExecutorService scheduler;

	private final Backoff backoff;

	private final Runnable repair;

	private boolean scheduled;

	RetryTimer(ScheduledExecutorService scheduler, Backoff backoff, Runnable repair) {
		this.scheduler = scheduler;
		this.backoff = backoff;
		this.repair = repair;
	}

	synchronized void schedule() {
		if (this.scheduled) {
			return;
		}
		this.scheduled = true;
		try {
			this.scheduler.schedule(this::fire, this.backoff.next().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			this.scheduled = false; // the connection is closing
		}
	}

	/** The repair worked: the next failure starts with the shortest delay again. */
	synchronized void succeeded() {
		this.backoff.reset();
	}

	private void fire() {
		synchronized (this) {
			this.scheduled = false;
		}
		this.repair.run();
	}

}
