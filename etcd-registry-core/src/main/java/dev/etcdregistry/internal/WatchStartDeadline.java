package dev.etcdregistry.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.etcdregistry.client.EtcdConnection;

/**
 * Notices a watch that etcd never confirms. jetcd reports a watch that fails, but not one whose
 * create request etcd simply holds — which etcd 3.4 does, for ever, with a request whose auth
 * token names a raft index a wiped cluster has not reached. Arm it whenever a watch starts or
 * resumes (ask for created notifications); when no confirmation came within the request
 * timeout, the auth token is checked (see {@link dev.etcdregistry.client.internal.AuthTokens}) and
 * {@code onStalled} starts the watch again.
 */
public final class WatchStartDeadline {

	private final EtcdConnection connection;

	private final Runnable onStalled;

	private ScheduledFuture<?> pending;

	public WatchStartDeadline(EtcdConnection connection, Runnable onStalled) {
		this.connection = connection;
		this.onStalled = onStalled;
	}

	/** A watch (re)starts: expect its confirmation in time. Does nothing while already armed. */
	public synchronized void expect() {
		if (this.pending != null) {
			return;
		}
		try {
			this.pending = this.connection.scheduler()
				.schedule(this::expired, this.connection.settings().requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// the connection is closing
		}
	}

	/** etcd confirmed the watch (or it was closed): nothing to expect any more. */
	public synchronized void confirmed() {
		if (this.pending != null) {
			this.pending.cancel(false);
			this.pending = null;
		}
	}

	private void expired() {
		synchronized (this) {
			if (this.pending == null) {
				return;
			}
			this.pending = null;
		}
		// once the token check is done (dropped if etcd was wiped), so the new watch carries the right one
		this.connection.authTokens().suspect().thenRunAsync(this.onStalled, (task) -> {
			try {
				this.connection.scheduler().execute(task);
			}
			catch (RejectedExecutionException ex) {
				// the connection is closing
			}
		});
	}

}
