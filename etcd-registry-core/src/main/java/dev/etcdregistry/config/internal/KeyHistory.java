package dev.etcdregistry.config.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigChange;
import dev.etcdregistry.internal.SerialExecutor;

import static dev.etcdregistry.client.EtcdConnection.bytes;

/**
 * Reads the retained history of one key by replaying a watch from the oldest revision etcd
 * keeps. The replay is complete once the event at the key's current mod revision arrives; for
 * a key that is deleted now there is no such anchor, so the replay ends at a progress
 * notification requested after etcd had time to send the past events.
 *
 * <p>jetcd's callbacks only hand off to a serial executor (jetcd calls {@code onError} under its
 * client-wide watch lock); the replay's state is confined to that executor.
 */
final class KeyHistory {

	/** etcd moves a watch that starts in the past to the live set every 100 ms. */
	private static final long PROGRESS_DELAY_MILLIS = 300;

	private final EtcdConnection connection;

	private final String key;

	private final CompletableFuture<List<ConfigChange>> done = new CompletableFuture<>();

	private final List<ConfigChange> changes = new ArrayList<>();

	private long lastEventRevision;

	private long currentRevision;

	private String currentValue;

	private volatile Watch.Watcher watcher;

	private volatile ScheduledFuture<?> progress;

	private final SerialExecutor serial;

	KeyHistory(EtcdConnection connection, String key) {
		this.connection = connection;
		this.key = key;
		this.serial = new SerialExecutor(connection.eventPool(), "history of key '" + key + "'", 10_000,
				() -> this.done.completeExceptionally(
						new IllegalStateException("the history of key '" + key + "' came faster than it was read")));
	}

	List<ConfigChange> read() {
		GetResponse now = this.connection.await(this.connection.client().getKVClient().get(bytes(this.key)),
				"get of key '" + this.key + "'");
		this.currentRevision = now.getHeader().getRevision();
		this.lastEventRevision = now.getKvs().isEmpty() ? -1 : now.getKvs().get(0).getModRevision();
		this.currentValue = now.getKvs().isEmpty() ? null : text(now.getKvs().get(0));
		replayFrom(1);
		try {
			return this.connection.await(this.done, "history of key '" + this.key + "'");
		}
		finally {
			stop();
		}
	}

	private void replayFrom(long revision) {
		WatchOption option = WatchOption.builder()
			.withRevision(revision)
			.withPrevKV(true)
			.withCreateNotify(true)
			.build();
		this.watcher = this.connection.client()
			.getWatchClient()
			.watch(bytes(this.key), option,
					Watch.listener(response -> this.serial.execute(() -> onResponse(response)),
							error -> this.serial.execute(() -> onError(error))));
	}

	private void onResponse(WatchResponse response) {
		if (this.done.isDone()) {
			return;
		}
		if (response.isCreatedNotify()) {
			if (this.lastEventRevision < 0) {
				this.progress = this.connection.scheduler()
					.scheduleWithFixedDelay(this::requestProgress, PROGRESS_DELAY_MILLIS, PROGRESS_DELAY_MILLIS,
							TimeUnit.MILLISECONDS);
			}
			return;
		}
		for (WatchEvent event : response.getEvents()) {
			KeyValue kv = event.getKeyValue();
			if (kv.getModRevision() > this.currentRevision) {
				break;
			}
			boolean delete = event.getEventType() == WatchEvent.EventType.DELETE;
			KeyValue previous = event.getPrevKV();
			String oldValue = (previous != null && previous.getVersion() > 0) ? text(previous) : null;
			this.changes.add(new ConfigChange(this.key, delete ? ConfigChange.Type.DELETE : ConfigChange.Type.PUT,
					oldValue, delete ? null : text(kv), kv.getModRevision()));
		}
		boolean reachedAnchor = this.lastEventRevision > 0 && !this.changes.isEmpty()
				&& this.changes.get(this.changes.size() - 1).revision() >= this.lastEventRevision;
		boolean progressedPastNow = response.isProgressNotify()
				&& response.getHeader().getRevision() >= this.currentRevision;
		if (reachedAnchor || progressedPastNow) {
			this.done.complete(List.copyOf(this.changes));
		}
	}

	private void onError(Throwable error) {
		if (this.done.isDone()) {
			return;
		}
		if (error instanceof CompactedException compacted) {
			long oldest = compacted.getCompactedRevision();
			if (this.lastEventRevision > 0 && this.lastEventRevision < oldest) {
				// the current value predates everything retained: it is the only change left to show
				this.done.complete(List.of(new ConfigChange(this.key, ConfigChange.Type.PUT, null, this.currentValue,
						this.lastEventRevision)));
				return;
			}
			replayFrom(oldest);
			return;
		}
		this.done.completeExceptionally(error);
	}

	private void requestProgress() {
		Watch.Watcher current = this.watcher;
		if (current != null && !this.done.isDone()) {
			current.requestProgress();
		}
	}

	private void stop() {
		ScheduledFuture<?> task = this.progress;
		if (task != null) {
			task.cancel(false);
		}
		Watch.Watcher current = this.watcher;
		if (current != null) {
			current.close();
		}
	}

	private static String text(KeyValue kv) {
		return kv.getValue().toString(StandardCharsets.UTF_8);
	}

}
