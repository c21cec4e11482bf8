package dev.etcdregistry.console.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigChange;

import static dev.etcdregistry.client.EtcdConnection.bytes;

/**
 * The retained history of every key under a prefix, read with <b>one</b> watch replayed from
 * the oldest revision etcd keeps (the core's history is per key: a context of 100 keys would
 * need 100 replays). The replay is complete at a progress notification at or past the
 * revision of a read made first; etcd sends one only once the watch has caught up. jetcd's
 * callbacks only queue what they get; the request thread does the rest.
 */
final class PrefixHistory {

	/** Changes kept for one page; older ones beyond it are left out (the page says so). */
	static final int MAX_CHANGES = 20_000;

	private static final long PROGRESS_EVERY_MILLIS = 200;

	private final EtcdConnection connection;

	PrefixHistory(EtcdConnection connection) {
		this.connection = connection;
	}

	/** Oldest first; at most {@link #MAX_CHANGES}, the newest kept. */
	List<ConfigChange> read(String prefix) {
		long current = this.connection.await(this.connection.client()
			.getKVClient()
			.get(bytes(prefix), GetOption.builder().isPrefix(true).withCountOnly(true).build()),
				"read of prefix '" + prefix + "'").getHeader().getRevision();
		long deadline = System.nanoTime() + this.connection.settings().requestTimeout().toNanos() * 4;
		long from = 1;
		while (true) {
			BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
			WatchOption option = WatchOption.builder().isPrefix(true).withRevision(from).withPrevKV(true).build();
			Watch.Watcher watcher = this.connection.client()
				.getWatchClient()
				.watch(bytes(prefix), option, Watch.listener(inbox::add, inbox::add));
			try {
				Object restart = replay(prefix, watcher, inbox, current, deadline);
				if (restart instanceof List<?> changes) {
					@SuppressWarnings("unchecked")
					List<ConfigChange> result = (List<ConfigChange>) changes;
					return result;
				}
				from = (Long) restart;
			}
			finally {
				watcher.close();
			}
		}
	}

	/** @return the changes, or the revision to start again from after a compaction */
	private Object replay(String prefix, Watch.Watcher watcher, BlockingQueue<Object> inbox, long current,
			long deadline) {
		List<ConfigChange> changes = new ArrayList<>();
		try {
			while (true) {
				if (System.nanoTime() > deadline) {
					throw new EtcdRegistryException(Reason.TIMEOUT, "history of prefix '" + prefix + "' failed: etcd "
							+ "did not replay it in time; try the history of a single key");
				}
				Object item = inbox.poll(PROGRESS_EVERY_MILLIS, TimeUnit.MILLISECONDS);
				if (item == null) {
					watcher.requestProgress();
					continue;
				}
				if (item instanceof CompactedException compacted) {
					return compacted.getCompactedRevision();
				}
				if (item instanceof Throwable failure) {
					throw new EtcdRegistryException(Reason.ETCD_ERROR, "history of prefix '" + prefix + "' failed: "
							+ failure.getMessage(), failure);
				}
				WatchResponse response = (WatchResponse) item;
				for (WatchEvent event : response.getEvents()) {
					KeyValue kv = event.getKeyValue();
					if (kv.getModRevision() > current) {
						return changes;
					}
					add(changes, event, kv);
				}
				if (response.isProgressNotify() && response.getHeader().getRevision() >= current) {
					return changes;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EtcdRegistryException(Reason.INTERRUPTED, "history of prefix '" + prefix + "' was interrupted");
		}
	}

	private static void add(List<ConfigChange> changes, WatchEvent event, KeyValue kv) {
		boolean delete = event.getEventType() == WatchEvent.EventType.DELETE;
		KeyValue previous = event.getPrevKV();
		String oldValue = (previous != null && previous.getVersion() > 0) ? text(previous) : null;
		changes.add(new ConfigChange(kv.getKey().toString(StandardCharsets.UTF_8),
				delete ? ConfigChange.Type.DELETE : ConfigChange.Type.PUT, oldValue, delete ? null : text(kv),
				kv.getModRevision()));
		if (changes.size() > MAX_CHANGES) {
			changes.remove(0);
		}
	}

	private static String text(KeyValue kv) {
		return kv.getValue().toString(StandardCharsets.UTF_8);
	}

}
