package dev.etcdregistry.registry.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.internal.DaemonThreads;
import dev.etcdregistry.internal.SerialExecutor;

/**
 * The registry's own thread and the one queue it drains. Every change of the registry's state
 * and every call it makes into jetcd runs here, one task at a time, so no lock of ours is held
 * across a jetcd call and one change never interleaves with another. A thread of its own, not
 * the connection's shared event pool: a task may wait a request timeout for etcd, and while it
 * did on that cached pool, everything else queued there started extra threads.
 *
 * <p>Bounded, drop-and-resync ({@link SerialExecutor}): when {@code capacity} tasks wait, they
 * are dropped and {@code resync} runs in their place. No intent is lost that way: callers record
 * what they want (the registry's {@code wanted} map) before they submit, and the resync brings
 * etcd in line with that map. A caller whose task was dropped stops waiting at once.
 */
final class RegistryQueue {

	private static final Logger logger = LoggerFactory.getLogger(RegistryQueue.class);

	/** Shared so that the threads of several registries get distinct numbers. */
	private static final ThreadFactory THREADS = DaemonThreads.named("registry");

	/** How long {@link #close(boolean)} lets already queued tasks finish (they are no-ops once closed). */
	private static final Duration DRAIN_ON_CLOSE = Duration.ofSeconds(5);

	private static final Duration IDLE = Duration.ofSeconds(30);

	/**
	 * One thread, ended after a while without work too: a registry left open after its
	 * connection was closed must not hold a thread for good. Its queue holds at most one task,
	 * the serial executor's drain.
	 */
	private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, IDLE.toMillis(), TimeUnit.MILLISECONDS,
			new LinkedBlockingQueue<>(), THREADS);

	private final SerialExecutor serial;

	/** How long a caller waits for its task: a write may grant, put and retry once. */
	private final Duration callBound;

	RegistryQueue(int capacity, Runnable resync, Duration callBound) {
		this.thread.allowCoreThreadTimeOut(true);
		this.serial = new SerialExecutor(this.thread, "registry queue", capacity, resync);
		this.callBound = callBound;
	}

	/** Queues a repair of the registry's own (droppable: the resync stands for it). Never blocks. */
	void execute(Runnable repair) {
		this.serial.execute(repair);
	}

	/**
	 * Runs {@code task} on the queue and waits for it, for a bounded time; the caller (the
	 * application's thread) is the one who waits.
	 * @return the task's result, or null when it did not run in time or was dropped (its
	 * caller's intent is recorded, so it still happens in the background)
	 */
	<T> T call(Supplier<T> task, String operation, String inBackground) {
		return call(task, operation, inBackground, false);
	}

	/**
	 * Like {@link #call}, for a task no resync stands for (closing): one that an overflow drops
	 * is queued again, within the same bound.
	 */
	<T> T callKept(Supplier<T> task, String operation, String inBackground) {
		return call(task, operation, inBackground, true);
	}

	private <T> T call(Supplier<T> task, String operation, String inBackground, boolean kept) {
		long deadline = System.nanoTime() + this.callBound.toNanos();
		Call<T> call = null;
		try {
			while (true) {
				call = new Call<>(task);
				this.serial.execute(call);
				T result = call.result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				if (!call.dropped) {
					return result;
				}
				if (this.thread.isShutdown()) {
					throw new EtcdRegistryException(Reason.CLOSED, "The service registry is closed");
				}
				if (!kept) {
					logger.warn("The registry's queue was full and dropped the {}; {}", operation, inBackground);
					return null;
				}
				logger.debug("The registry's queue was full and dropped the {}; queued again", operation);
			}
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new EtcdRegistryException(Reason.UNREACHABLE, operation + " failed: " + ex.getCause(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			logger.warn("Interrupted while waiting for the {}; {}", operation, inBackground);
			return null;
		}
		catch (TimeoutException ex) {
			logger.warn("The {} did not finish within {} ms; {}", operation, this.callBound.toMillis(), inBackground);
			call.result.whenComplete((done, failure) -> {
				if (failure != null) {
					logger.warn("The {} failed after its caller stopped waiting: {}", operation, failure.getMessage());
				}
			});
			return null;
		}
	}

	/** How many tasks wait to run. */
	int backlog() {
		return this.serial.backlog();
	}

	/** How many times the queue overflowed. */
	long overflows() {
		return this.serial.overflows();
	}

	/**
	 * Ends the thread: after what is queued when {@code drain} (those tasks find the registry
	 * closed and return at once), or now, interrupting a call that waits for etcd.
	 */
	void close(boolean drain) {
		this.thread.shutdown();
		try {
			if (!drain || !this.thread.awaitTermination(DRAIN_ON_CLOSE.toMillis(), TimeUnit.MILLISECONDS)) {
				this.thread.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.thread.shutdownNow();
		}
	}

	/** A caller's task: completes its future with the result, or with null when dropped. */
	private static final class Call<T> implements SerialExecutor.DroppableTask {

		private final Supplier<T> task;

		private final CompletableFuture<T> result = new CompletableFuture<>();

		private volatile boolean dropped;

		Call(Supplier<T> task) {
			this.task = task;
		}

		@Override
		public void run() {
			try {
				this.result.complete(this.task.get());
			}
			catch (RuntimeException | Error ex) {
				this.result.completeExceptionally(ex);
			}
		}

		@Override
		public void dropped() {
			this.dropped = true;
			this.result.complete(null);
		}

	}

}
