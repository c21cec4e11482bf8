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

	/**
	 * etcd replays a new watch from its sync loop (every 100 ms), at most this many revisions in
	 * one response; a response with fewer revisions is the end of the replay for that watch.
	 */
	static final int REVISIONS_PER_SYNC = 1000;

	/**
	 * How long to wait before asking etcd whether the replay is done while we cannot tell that
	 * it is: nothing came yet, or the last response was a full sync batch. etcd 3.4 answers a
	 * progress request at once with its current revision, replayed or not, so asking earlier
	 * could end the replay before it started; 3.5 answers only once the watch has caught up.
	 */
	static final long UNSURE_MILLIS = 200;

	/**
	 * How long the replay may be quiet after a response that ended etcd's replay before we ask
	 * for the progress notification that confirms it (doubling while nothing comes). A fixed
	 * 200 ms wait here made most of the page time of a context's history.
	 */
	static final long FIRST_PROGRESS_MILLIS = 5;

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
		long quiet = UNSURE_MILLIS;
		try {
			while (true) {
				if (System.nanoTime() > deadline) {
					throw new EtcdRegistryException(Reason.TIMEOUT, "history of prefix '" + prefix + "' failed: etcd "
							+ "did not replay it in time; try the history of a single key");
				}
				Object item = inbox.poll(quiet, TimeUnit.MILLISECONDS);
				if (item == null) {
					watcher.requestProgress();
					quiet = Math.min(quiet * 2, UNSURE_MILLIS);
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
				if (!response.getEvents().isEmpty()) {
					long revisions = response.getEvents().stream().mapToLong((e) -> e.getKeyValue().getModRevision())
						.distinct().count();
					quiet = (revisions < REVISIONS_PER_SYNC) ? FIRST_PROGRESS_MILLIS : UNSURE_MILLIS;
				}
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
