package dev.etcdregistry.test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounded waits on jetcd futures: jetcd calls carry no deadline of their own. */
final class Futures {

	static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

	private Futures() {
	}

	static <T> T await(CompletableFuture<T> future, String what) {
		return await(future, CALL_TIMEOUT, what);
	}

	static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
		try {
			return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new IllegalStateException(what + " failed: " + cause.getMessage(), cause);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new IllegalStateException(what + " did not complete within " + timeout.toSeconds() + " s", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(what + " was interrupted", ex);
		}
	}

	/** Pauses between polls of an external process; never used to synchronise with etcd's own work. */
	static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for etcd", ex);
		}
	}
}
