package dev.etcdregistry.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.etcdregistry.client.EtcdConnection;

/**
 * Notices a watch that etcd never confirms. jetcd reports a watch that fails, but not one whose
 * create request etcd simply holds — which etcd 3.4 does, for ever, with a request whose auth
 * token names a raft index a wiped cluster has not reached. Arm it whenever a watch starts or
 * resumes (ask for created notifications); when no confirmation came within the request
 * timeout, the auth token is checked (see {@link dev.etcdregistry.client.internal.AuthTokens}) and
 * {@code onStalled} starts the watch again.
 *
 * <p>The deadline belongs to one watch (its owner's token for it: a generation, an object): a
 * "created" response of a watch already replaced must not confirm the one that replaced it,
 * or that one, if etcd never takes it up, would be left with no deadline and no retry. So
 * {@link #expect} replaces whatever was armed, and {@link #confirmed} only counts for the
 * watch armed last.
 *
 * <p>Lock-free: {@link #confirmed} is called on jetcd's callback threads, where no lock of
 * ours may be taken.
 */
public final class WatchStartDeadline {

	private static final Logger logger = LoggerFactory.getLogger(WatchStartDeadline.class);

	private final EtcdConnection connection;

	private final Runnable onStalled;

	private final AtomicReference<Deadline> pending = new AtomicReference<>();

	public WatchStartDeadline(EtcdConnection connection, Runnable onStalled) {
		this.connection = connection;
		this.onStalled = onStalled;
	}

	/**
	 * The watch known as {@code watch} (re)starts: expect its confirmation in time. Replaces
	 * the deadline of any earlier watch, whose confirmation no longer counts.
	 */
	public void expect(Object watch) {
		Deadline deadline = new Deadline(watch);
		cancel(this.pending.getAndSet(deadline));
		try {
			deadline.future = this.connection.scheduler()
				.schedule(deadline, this.connection.settings().requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			this.pending.compareAndSet(deadline, null); // the connection is closing
		}
	}

	/**
	 * etcd confirmed the watch known as {@code watch}: nothing to expect any more, unless
	 * another watch was armed since (the confirmation of a replaced watch is ignored).
	 */
	public void confirmed(Object watch) {
		Deadline armed = this.pending.get();
		if (armed == null || !armed.watch.equals(watch)) {
			logger.debug("Ignoring the confirmation of a replaced watch ({}; armed: {})", watch,
					(armed != null) ? armed.watch : "none");
			return;
		}
		if (this.pending.compareAndSet(armed, null)) {
			cancel(armed);
		}
	}

	/** The watch was closed: nothing to expect any more. */
	public void cancel() {
		cancel(this.pending.getAndSet(null));
	}

	/** Whether a deadline is armed (for tests and diagnostics). */
	boolean armed() {
		return this.pending.get() != null;
	}

	private static void cancel(Deadline deadline) {
		ScheduledFuture<?> future = (deadline != null) ? deadline.future : null;
		if (future != null) {
			future.cancel(false);
		}
	}

	/** One armed deadline; one that fires after it was replaced or confirmed does nothing. */
	private final class Deadline implements Runnable {

		private final Object watch;

		private volatile ScheduledFuture<?> future;

		Deadline(Object watch) {
			this.watch = watch;
		}

		@Override
		public void run() {
			if (!WatchStartDeadline.this.pending.compareAndSet(this, null)) {
				return;
			}
			logger.debug("Watch {} not confirmed within the request timeout: checking the auth token, then "
					+ "starting it again", this.watch);
			// once the token check is done (dropped if etcd was wiped), so the new watch carries the right one
			EtcdConnection connection = WatchStartDeadline.this.connection;
			connection.authTokens().suspect().thenRunAsync(WatchStartDeadline.this.onStalled, (task) -> {
				try {
					connection.scheduler().execute(task);
				}
				catch (RejectedExecutionException ex) {
					// the connection is closing
				}
			});
		}

	}

}
