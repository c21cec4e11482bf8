package dev.etcdregistry.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.etcdregistry.client.EtcdConnection;

/**
 * Notices a watch that etcd never confirms. jetcd reports a watch that fails, but not one whose
 * create request etcd simply holds — which etcd 3.4 does, for ever, with a request whose auth
 * token names a raft index a wiped cluster has not reached. Arm it whenever a watch starts or
 * resumes (ask for created notifications); when no confirmation came within the request
 * timeout, the auth token is checked (see {@link dev.etcdregistry.client.internal.AuthTokens}) and
 * {@code onStalled} starts the watch again.
 *
 * <p>Lock-free: {@link #confirmed()} is called on jetcd's callback threads, where no lock of
 * ours may be taken.
 */
public final class WatchStartDeadline {

	private final EtcdConnection connection;

	private final Runnable onStalled;

	private final AtomicReference<Deadline> pending = new AtomicReference<>();

	public WatchStartDeadline(EtcdConnection connection, Runnable onStalled) {
		this.connection = connection;
		this.onStalled = onStalled;
	}

	/** A watch (re)starts: expect its confirmation in time. Does nothing while already armed. */
	public void expect() {
		Deadline deadline = new Deadline();
		if (!this.pending.compareAndSet(null, deadline)) {
			return;
		}
		try {
			deadline.future = this.connection.scheduler()
				.schedule(deadline, this.connection.settings().requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			this.pending.compareAndSet(deadline, null); // the connection is closing
		}
	}

	/** etcd confirmed the watch (or it was closed): nothing to expect any more. */
	public void confirmed() {
		Deadline deadline = this.pending.getAndSet(null);
		ScheduledFuture<?> future = (deadline != null) ? deadline.future : null;
		if (future != null) {
			future.cancel(false);
		}
	}

	/** One armed deadline; one that fires after it was replaced or confirmed does nothing. */
	private final class Deadline implements Runnable {

		private volatile ScheduledFuture<?> future;

		@Override
		public void run() {
			if (!WatchStartDeadline.this.pending.compareAndSet(this, null)) {
				return;
			}
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
