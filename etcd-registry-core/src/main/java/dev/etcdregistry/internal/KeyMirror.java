package dev.etcdregistry.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.etcdregistry.client.EtcdConnection;

/**
 * A local copy of one key or one prefix, built by a single read at revision R and kept
 * current by a single watch from R + 1. Changes reach the sink one etcd revision at a time
 * (all keys of a transaction together), on a serial executor, never on jetcd's threads.
 *
 * <p>When jetcd ends the watch (history compacted, a halting error, a cluster that went
 * back in time after a wipe), the mirror reads everything again, tells the sink about the
 * values that really differ as one {@code resync} update, and watches from the new revision.
 * Puts that leave a value unchanged are not reported.
 */
public final class KeyMirror implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(KeyMirror.class);

	/** A key's value and the revision that wrote it. */
	public record Entry(byte[] value, long modRevision) {
	}

	/** One key's change; {@code newValue} is {@code null} for a delete, {@code oldValue} for a new key. */
	public record Change(String key, byte[] oldValue, byte[] newValue, long revision) {
	}

	/** The changes of one revision, or of a re-read ({@code resync}). */
	public record Update(long revision, List<Change> changes, boolean resync) {
	}

	private final EtcdConnection connection;

	private final String key;

	private final boolean prefix;

	private final Consumer<Update> sink;

	private final SerialExecutor serial;

	private final MirrorState state = new MirrorState();

	private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));

	private final Object lock = new Object();

	private volatile long revision;

	/** The highest store revision etcd reported, and the cluster that reported it. */
	private volatile long seenRevision;

	private volatile long clusterId;

	private volatile boolean closed;

	private Watch.Watcher watcher;

	private int generation;

	private boolean resyncPending;

	private String resyncCause;

	private final MirrorStatus status;

	private final boolean reportInitial;

	private final WatchStartDeadline watchStarted;

	private volatile boolean stallReported;

	/**
	 * @param reportInitial whether {@link #start()} hands the first read to the sink as a
	 * {@code resync} update (on the calling thread, before any watch event)
	 */
	public KeyMirror(EtcdConnection connection, String key, boolean prefix, boolean reportInitial,
			Consumer<Update> sink) {
		this.connection = connection;
		this.reportInitial = reportInitial;
		this.key = key;
		this.prefix = prefix;
		this.sink = sink;
		this.serial = new SerialExecutor(connection.eventPool(), describe());
		this.status = new MirrorStatus(connection.watchActivity(), describe());
		this.watchStarted = new WatchStartDeadline(connection, this::onWatchStalled);
	}

	/**
	 * Reads the current values and starts watching. Returns once the first read is done.
	 * @throws dev.etcdregistry.EtcdRegistryException when the read fails
	 */
	public KeyMirror start() {
		Map<String, Entry> initial = new HashMap<>();
		long readRevision = read(initial);
		synchronized (this.lock) {
			this.state.replaceWith(initial);
			this.revision = readRevision;
			if (this.reportInitial) {
				List<Change> all = new ArrayList<>();
				initial.forEach((k, entry) -> all.add(new Change(k, null, entry.value(), entry.modRevision())));
				deliver(new Update(readRevision, all, true));
			}
			watchFrom(readRevision + 1);
			this.status.track(this.state::size);
		}
		return this;
	}

	/**
	 * Starts without waiting for etcd: the first read runs on the mirror's serial thread and is
	 * retried with jittered back-off until etcd answers or the mirror is closed. Its values then
	 * reach the sink as one {@code resync} update (whatever {@code reportInitial} says) and the
	 * watch starts at the revision after it.
	 */
	public KeyMirror startInBackground() {
		synchronized (this.lock) {
			this.resyncPending = true;
			this.resyncCause = "first read of a watch started without etcd";
			this.status.track(this.state::size);
		}
		this.serial.execute(this::resync);
		return this;
	}

	/**
	 * Starts from values known to be current at {@code revision} of the cluster
	 * {@code clusterId} (a copy kept by an earlier run), without a read: the watch resumes at
	 * {@code revision + 1}, so changes made since reach the sink as ordinary updates once etcd
	 * answers. When etcd no longer has that revision (compacted), is another cluster, went back
	 * in time, or {@code reread} is set (the copy is incomplete), the mirror reads everything and
	 * reports the differences from {@code values} as one {@code resync} update.
	 */
	public KeyMirror startFrom(Map<String, Entry> values, long revision, long clusterId, boolean reread) {
		synchronized (this.lock) {
			this.state.replaceWith(values);
			this.revision = revision;
			this.seenRevision = revision;
			this.clusterId = clusterId;
			this.status.track(this.state::size);
			if (reread) {
				this.resyncPending = true;
				this.resyncCause = "the local copy is incomplete";
			}
			else {
				watchFrom(revision + 1);
			}
		}
		if (reread) {
			this.serial.execute(this::resync);
		}
		return this;
	}

	/** The id of the etcd cluster the values come from (0 before the first read). */
	public long clusterId() {
		return this.clusterId;
	}

	/** The values as of {@link #revision()}; a live, read-only view. */
	public Map<String, Entry> state() {
		return this.state.view();
	}

	/** The revision the local copy is at. */
	public long revision() {
		return this.revision;
	}

	/** A value as text. */
	public static String text(byte[] value) {
		return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
	}

	private long read(Map<String, Entry> into) {
		GetOption option = GetOption.builder().isPrefix(this.prefix).build();
		GetResponse response = this.connection.await(
				this.connection.client().getKVClient().get(EtcdConnection.bytes(this.key), option), "read of "
						+ describe());
		for (KeyValue kv : response.getKvs()) {
			into.put(kv.getKey().toString(StandardCharsets.UTF_8), new Entry(kv.getValue().getBytes(),
					kv.getModRevision()));
		}
		this.clusterId = response.getHeader().getClusterId();
		this.seenRevision = response.getHeader().getRevision();
		return response.getHeader().getRevision();
	}

	private void watchFrom(long startRevision) {
		int current = ++this.generation;
		WatchOption option = WatchOption.builder()
			.isPrefix(this.prefix)
			.withRevision(startRevision)
			.withCreateNotify(true)
			.build();
		this.watchStarted.expect(); // before the watch: its confirmation may come at once
		this.watcher = this.connection.client()
			.getWatchClient()
			.watch(EtcdConnection.bytes(this.key), option,
					Watch.listener(response -> {
						if (response.isCreatedNotify()) {
							this.watchStarted.confirmed();
							this.stallReported = false;
						}
						this.serial.execute(() -> onResponse(current, response));
					}, error -> onError(current, error), () -> onEnded(current)));
	}

	private boolean isCurrent(int generation) {
		synchronized (this.lock) {
			return !this.closed && generation == this.generation;
		}
	}

	private void onResponse(int generation, WatchResponse response) {
		if (!isCurrent(generation)) {
			return;
		}
		long serverRevision = response.getHeader().getRevision();
		if (response.isCreatedNotify()) {
			boolean wiped = serverRevision < this.seenRevision || response.getHeader().getClusterId() != this.clusterId;
			// a watch resumed on a wiped or restored cluster would wait for the old revision to come round
			// again: a new cluster id or a revision behind what we saw gives it away
			if (wiped) {
				logger.warn("etcd at {} is at revision {} (cluster {}), behind the {} this process saw (cluster {}) "
						+ "for {}: it was restored or wiped; reading everything again",
						this.connection.settings().endpointsAsString(), serverRevision,
						Long.toHexString(response.getHeader().getClusterId()), this.seenRevision,
						Long.toHexString(this.clusterId), describe());
				requestResync(generation, "etcd was wiped or restored");
			}
			else {
				this.status.answered(this.revision);
			}
			return;
		}
		this.status.answered(this.revision);
		this.seenRevision = Math.max(this.seenRevision, serverRevision);
		for (Update update : this.state.apply(response.getEvents())) {
			this.revision = Math.max(this.revision, update.revision());
			if (!update.changes().isEmpty()) {
				this.status.applied(update.changes().size());
				deliver(update);
			}
		}
		this.backoff.reset();
	}

	private void onError(int generation, Throwable error) {
		if (!isCurrent(generation)) {
			return;
		}
		if (error instanceof CompactedException compacted) {
			logger.info("Watch on {} fell behind etcd's compaction (revision {}); reading everything again",
					describe(), compacted.getCompactedRevision());
			synchronized (this.lock) {
				this.resyncCause = "history compacted past revision " + (this.revision + 1);
			}
			return; // jetcd ends the watch next, which triggers the re-read
		}
		this.watchStarted.expect(); // jetcd resumes it; make sure etcd takes it back
		this.status.interrupted(this.revision, error);
	}

	/**
	 * etcd did not confirm the watch within the request timeout (it is down, or it holds a request
	 * whose auth token names a raft index a wiped cluster has not reached). The token was dropped;
	 * the watch starts again from where it was, so a plain outage still ends in a resume (changes
	 * delivered one revision at a time) and a wiped cluster is noticed by its created response.
	 */
	private void onWatchStalled() {
		synchronized (this.lock) {
			if (this.closed || this.resyncPending || this.watcher == null) {
				return;
			}
			if (!this.stallReported) {
				this.stallReported = true;
				logger.warn("etcd at {} did not take up the watch on {} within {} ms (it is down, or holds requests "
						+ "whose auth token it cannot check yet, as after a wipe); logging in again and watching again "
						+ "from revision {}", this.connection.settings().endpointsAsString(), describe(),
						this.connection.settings().requestTimeout().toMillis(), this.revision + 1);
			}
			closeWatcher();
			watchFrom(this.revision + 1);
		}
	}

	private void onEnded(int generation) {
		if (isCurrent(generation)) {
			requestResync(generation, "the watch stream ended");
		}
	}

	private void requestResync(int generation, String cause) {
		synchronized (this.lock) {
			if (this.closed || generation != this.generation || this.resyncPending) {
				return;
			}
			this.resyncPending = true;
			if (this.resyncCause == null) {
				this.resyncCause = cause;
			}
		}
		this.serial.execute(this::resync);
	}

	private void resync() {
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			closeWatcher();
		}
		Map<String, Entry> fresh = new HashMap<>();
		long readRevision;
		try {
			readRevision = read(fresh);
		}
		catch (RuntimeException ex) {
			Duration delay = this.backoff.next();
			logger.warn("Re-reading {} failed ({}); trying again in {} ms", describe(), ex.getMessage(),
					delay.toMillis());
			retryLater(delay);
			return;
		}
		List<Change> changes = this.state.diff(fresh);
		String cause;
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			this.state.replaceWith(fresh);
			this.revision = readRevision;
			this.resyncPending = false;
			cause = this.resyncCause;
			this.resyncCause = null;
			watchFrom(readRevision + 1);
		}
		logger.info("Re-read {} at revision {}: {} key(s) differ", describe(), readRevision, changes.size());
		this.status.resynced(readRevision, changes.size(), (cause != null) ? cause : "re-read");
		deliver(new Update(readRevision, changes, true));
	}

	private void retryLater(Duration delay) {
		try {
			this.connection.scheduler()
				.schedule(() -> this.serial.execute(this::resync), delay.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			logger.debug("Not retrying {}: the connection is closed", describe());
		}
	}

	private void deliver(Update update) {
		try {
			this.sink.accept(update);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of {} failed on revision {}; the watch goes on", describe(), update.revision(), ex);
		}
	}

	private void closeWatcher() {
		this.generation++;
		this.watchStarted.confirmed();
		if (this.watcher != null) {
			this.watcher.close();
			this.watcher = null;
		}
	}

	/** Whether the watch is running (false after close). */
	public boolean isWatching() {
		synchronized (this.lock) {
			return !this.closed && this.watcher != null && !this.watcher.isClosed();
		}
	}

	@Override
	public void close() {
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			closeWatcher();
		}
		this.status.untrack();
	}

	private String describe() {
		return (this.prefix ? "prefix '" : "key '") + this.key + "'";
	}

}
