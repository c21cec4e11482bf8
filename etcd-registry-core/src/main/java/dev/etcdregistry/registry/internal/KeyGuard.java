package dev.etcdregistry.registry.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.internal.Backoff;
import dev.etcdregistry.internal.WatchStartDeadline;

import static dev.etcdregistry.client.EtcdConnection.bytes;

/**
 * Watches one registered key for deletes (by someone else, or by its lease expiring) so the
 * registry can put it back at once instead of noticing at the next renewal. Puts are filtered
 * out on the server. If jetcd gives the watch up, it is started again after a back-off with
 * jitter (so the guards of a whole fleet do not come back in step), which resets once etcd
 * confirms the new watch.
 */
final class KeyGuard implements AutoCloseable {

	private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));

	private final EtcdConnection connection;

	private final String key;

	private final Consumer<String> onDeleted;

	private final WatchStartDeadline started;

	private Watch.Watcher watcher;

	private boolean closed;

	KeyGuard(EtcdConnection connection, String key, long fromRevision, Consumer<String> onDeleted) {
		this.connection = connection;
		this.key = key;
		this.onDeleted = onDeleted;
		this.started = new WatchStartDeadline(connection, this::onStalled);
		start(fromRevision);
	}

	private synchronized void start(long fromRevision) {
		if (this.closed) {
			return;
		}
		WatchOption option = WatchOption.builder()
			.withNoPut(true)
			.withRevision(fromRevision)
			.withCreateNotify(true)
			.build();
		this.started.expect(); // before the watch: its confirmation may come at once
		Watch.Watcher[] self = new Watch.Watcher[1];
		self[0] = this.connection.client()
			.getWatchClient()
			.watch(bytes(this.key), option, Watch.listener(response -> {
				if (response.isCreatedNotify()) {
					this.started.confirmed();
					resetBackoff();
				}
				for (WatchEvent event : response.getEvents()) {
					if (event.getEventType() == WatchEvent.EventType.DELETE
							&& this.key.equals(event.getKeyValue().getKey().toString(StandardCharsets.UTF_8))) {
						this.onDeleted.accept(this.key);
					}
				}
			}, error -> this.started.expect(), () -> restartLater(self[0])));
		this.watcher = self[0];
	}

	/** etcd never took the watch up: ending it restarts it (with a fresh auth token). */
	private void onStalled() {
		Watch.Watcher stalled;
		synchronized (this) {
			stalled = this.watcher;
		}
		if (stalled != null) {
			stalled.close();
		}
	}

	private synchronized void restartLater(Watch.Watcher ended) {
		if (this.closed || ended != this.watcher) {
			return;
		}
		long delay = this.backoff.next().toMillis();
		try {
			this.connection.scheduler().schedule(() -> start(0), delay, TimeUnit.MILLISECONDS);
			// the key may have been deleted while no watch was running
			this.connection.scheduler().schedule(() -> this.onDeleted.accept(this.key), delay, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// the connection is closing
		}
	}

	private synchronized void resetBackoff() {
		this.backoff.reset();
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		this.started.confirmed();
		if (this.watcher != null) {
			this.watcher.close();
		}
	}

}
