package dev.etcdregistry.registry.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.internal.Backoff;
import dev.etcdregistry.internal.SerialExecutor;
import dev.etcdregistry.internal.WatchStartDeadline;

import static dev.etcdregistry.client.EtcdConnection.bytes;

/**
 * Watches one registered key for deletes (by someone else, or by its lease expiring) so the
 * registry can put it back at once instead of noticing at the next renewal. Puts are filtered
 * out on the server. If jetcd gives the watch up, it is started again after a back-off with
 * jitter (so the guards of a whole fleet do not come back in step), which resets once etcd
 * confirms the new watch.
 *
 * <p>jetcd calls {@code onCompleted} (and {@code onError}) while holding its client-wide watch
 * lock, and its {@code watch()}/{@code close()} take that lock: so the callbacks only hand off
 * to this guard's serial executor, and jetcd is never called with our lock held.
 */
final class KeyGuard implements AutoCloseable {

	private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));

	private final EtcdConnection connection;

	private final String key;

	private final Consumer<String> onDeleted;

	private final WatchStartDeadline started;

	private final SerialExecutor serial;

	/** Guards {@code watcher}, {@code current} and {@code closed}; never held while calling jetcd. */
	private final Object lock = new Object();

	private Watch.Watcher watcher;

	/** Identifies the latest watch, so that the end of one already replaced is ignored. */
	private Object current;

	private boolean closed;

	/** Test seam: runs on jetcd's thread in its end-of-watch callback (jetcd holds its watch lock). */
	private volatile Runnable inJetcdCallback = () -> {
	};

	/** Test seam: runs just before {@link #close()} calls jetcd's {@code Watcher.close()}. */
	private volatile Runnable beforeJetcdClose = () -> {
	};

	/** The revision to watch from again after an interruption; only the serial executor touches it. */
	private long resumeFrom;

	KeyGuard(EtcdConnection connection, String key, long fromRevision, Consumer<String> onDeleted) {
		this.connection = connection;
		this.key = key;
		this.onDeleted = onDeleted;
		// full only if the guard's thread got no CPU for ages: start over from now, checking the key
		this.serial = new SerialExecutor(connection.eventPool(), "guard of " + key, 1_000, this::onStalled);
		// fires on the connection's scheduler, which must not wait for jetcd's lock: hand off
		this.started = new WatchStartDeadline(connection, () -> this.serial.execute(this::onStalled));
		this.resumeFrom = fromRevision;
		start(fromRevision);
	}

	private void start(long fromRevision) {
		Object token = new Object();
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			this.current = token;
		}
		WatchOption option = WatchOption.builder()
			.withNoPut(true)
			.withRevision(fromRevision)
			.withCreateNotify(true)
			.build();
		this.started.expect(token); // before the watch: its confirmation may come at once
		Watch.Watcher created = this.connection.client()
			.getWatchClient()
			.watch(bytes(this.key), option, Watch.listener(response -> {
				if (response.isCreatedNotify()) {
					this.started.confirmed(token); // not the confirmation of a replaced watch
				}
				this.serial.execute(() -> onResponse(response));
			}, error -> this.serial.execute(() -> onError(token, error)),
					() -> {
						this.inJetcdCallback.run();
						this.serial.execute(() -> restartLater(token));
					}));
		boolean keep;
		synchronized (this.lock) {
			keep = !this.closed && this.current == token;
			if (keep) {
				this.watcher = created;
			}
		}
		if (!keep) {
			created.close();
		}
	}

	private void onResponse(WatchResponse response) {
		if (response.isCreatedNotify()) {
			this.backoff.reset();
		}
		for (WatchEvent event : response.getEvents()) {
			this.resumeFrom = Math.max(this.resumeFrom, event.getKeyValue().getModRevision() + 1);
			if (event.getEventType() == WatchEvent.EventType.DELETE
					&& this.key.equals(event.getKeyValue().getKey().toString(StandardCharsets.UTF_8))) {
				this.onDeleted.accept(this.key);
			}
		}
	}

	/**
	 * The stream broke. Not left to jetcd's resume, which can skip the events that follow a
	 * "created" response: the guard watches again from the revision after the last event it saw.
	 */
	private void onError(Object token, Throwable error) {
		if (error instanceof CompactedException) {
			return; // jetcd ends the watch next: restarted from now, with a check of the key
		}
		Watch.Watcher failed;
		synchronized (this.lock) {
			if (this.closed || token != this.current) {
				return;
			}
			this.current = null; // its end, reported by the close below, is not a restart
			failed = this.watcher;
			this.watcher = null;
		}
		this.started.cancel();
		if (failed != null) {
			failed.close();
		}
		long from = this.resumeFrom;
		schedule(() -> start(from));
	}

	/** etcd never took the watch up: ending it restarts it (with a fresh auth token). */
	private void onStalled() {
		Watch.Watcher stalled;
		synchronized (this.lock) {
			stalled = this.watcher;
		}
		if (stalled != null) {
			stalled.close();
		}
	}

	/** On the serial executor: the watch started with {@code token} ended. */
	private void restartLater(Object token) {
		synchronized (this.lock) {
			if (this.closed || token != this.current) {
				return;
			}
		}
		schedule(() -> {
			start(0);
			// the key may have been deleted while no watch was running
			this.onDeleted.accept(this.key);
		});
	}

	/** Runs {@code task} on the serial executor after a back-off. */
	private void schedule(Runnable task) {
		long delay = this.backoff.next().toMillis();
		try {
			this.connection.scheduler().schedule(() -> this.serial.execute(task), delay, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// the connection is closing
		}
	}

	void seam(Runnable inJetcdCallback, Runnable beforeJetcdClose) {
		this.inJetcdCallback = inJetcdCallback;
		this.beforeJetcdClose = beforeJetcdClose;
	}

	@Override
	public void close() {
		Watch.Watcher ended;
		synchronized (this.lock) {
			this.closed = true;
			ended = this.watcher;
			this.watcher = null;
		}
		this.started.cancel();
		if (ended != null) {
			this.beforeJetcdClose.run();
			ended.close();
		}
	}

}
