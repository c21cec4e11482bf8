package dev.etcdregistry.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.watch.WatchResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.etcdregistry.client.EtcdConnection;

/**
 * A local copy of one key or one prefix, built by a single read at revision R and kept
 * current by a single watch from R + 1. Changes reach the sink one etcd revision at a time
 * (all keys of a transaction together), on a serial executor, never on jetcd's threads.
 *
 * <p>When the stream breaks, the mirror watches again from its own revision + 1 (never relying
 * on jetcd's resume, which can skip revisions). When jetcd ends the watch (history compacted, a halting error, a cluster that went
 * back in time after a wipe), the mirror reads everything again, tells the sink about the
 * values that really differ as one {@code resync} update, and watches from the new revision.
 * Puts that leave a value unchanged are not reported.
 *
 * <p>Longer than our usual class because the read, the watch generations, the stall deadline and
 * the re-read are one state machine confined to one serial executor: split up, its transitions
 * could no longer be checked against each other in one place.
 */
public final class KeyMirror implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(KeyMirror.class);

	/** Watch responses waiting to be applied before they are dropped for a re-read. */
	static final int INBOUND_CAPACITY = 10_000;

	/** Updates waiting for the sink before they are merged into one. */
	static final int DELIVERY_CAPACITY = Listeners.CAPACITY;

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

	private final String target;

	private final Consumer<Update> sink;

	private final boolean reportInitial;

	/** Watch responses and the mirror's own tasks; never user code. */
	private final SerialExecutor serial;

	/** Updates on their way to the sink, which may be slow or hang: bounded, coalesced when full. */
	private final ListenerQueue<Update> delivery;

	private final MirrorReader reader;

	private final MirrorStream stream;

	private final MirrorStatus status;

	private final MirrorState state = new MirrorState();

	private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));

	/** Between watches reopened after an interruption (jetcd's own resume waits 500 ms). */
	private final Backoff reopenBackoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2));

	private volatile long revision;

	private final AtomicBoolean closed = new AtomicBoolean();

	// Confined to the serial executor once started (the hand-off to it orders what start set).
	// There is no lock: the mirror calls into jetcd, and jetcd calls back under its own lock.
	private boolean resyncPending;

	private String resyncCause;

	private volatile boolean stallReported;

	/**
	 * @param reportInitial whether {@link #start()} hands the first read to the sink as a
	 * {@code resync} update (on the calling thread, before any watch event)
	 */
	public KeyMirror(EtcdConnection connection, String key, boolean prefix, boolean reportInitial,
			Consumer<Update> sink) {
		this(connection, key, prefix, reportInitial, sink, sink);
	}

	/**
	 * @param sinkOwner what a warning about a sink far behind names (its class): the user's listener
	 * behind the sink
	 */
	public KeyMirror(EtcdConnection connection, String key, boolean prefix, boolean reportInitial,
			Consumer<Update> sink, Object sinkOwner) {
		this.connection = connection;
		this.target = (prefix ? "prefix '" : "key '") + key + "'";
		this.sink = sink;
		this.reportInitial = reportInitial;
		this.serial = new SerialExecutor(connection.eventPool(), "watch on " + this.target, INBOUND_CAPACITY,
				this::overflowed);
		this.delivery = new ListenerQueue<>(connection.eventPool(), "listener of " + this.target, sink,
				sinkOwner.getClass().getName(), DELIVERY_CAPACITY, MirrorState::coalesce,
				"merging its queued updates into one (latest value of each key)");
		this.reader = new MirrorReader(connection, key, prefix, this.target);
		this.stream = new MirrorStream(connection, key, prefix, this.serial, this);
		this.status = new MirrorStatus(connection.watchActivity(), this.target);
	}

	/**
	 * Reads the current values and starts watching. Returns once the first read is done.
	 * @throws dev.etcdregistry.EtcdRegistryException when the read fails
	 */
	public KeyMirror start() {
		MirrorReader.Read initial = this.reader.read();
		this.state.replaceWith(initial.values());
		this.revision = initial.revision();
		if (this.reportInitial) {
			List<Change> all = new ArrayList<>();
			initial.values().forEach((k, entry) -> all.add(new Change(k, null, entry.value(), entry.modRevision())));
			deliverNow(new Update(initial.revision(), all, true));
		}
		this.status.track(this.state::size);
		this.stream.open(initial.revision() + 1);
		return this;
	}

	/**
	 * Starts without waiting for etcd: the first read runs on the mirror's serial thread and is
	 * retried with jittered back-off until etcd answers or the mirror is closed. Its values then
	 * reach the sink as one {@code resync} update (whatever {@code reportInitial} says) and the
	 * watch starts at the revision after it.
	 */
	public KeyMirror startInBackground() {
		this.resyncPending = true;
		this.resyncCause = "first read of a watch started without etcd";
		this.status.track(this.state::size);
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
		this.state.replaceWith(values);
		this.revision = revision;
		this.reader.assume(revision, clusterId);
		this.status.track(this.state::size);
		if (reread) {
			this.resyncPending = true;
			this.resyncCause = "the local copy is incomplete";
			this.serial.execute(this::resync);
		}
		else {
			this.stream.open(revision + 1);
		}
		return this;
	}

	/** The id of the etcd cluster the values come from (0 before the first read). */
	public long clusterId() {
		return this.reader.clusterId();
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

	/** Runs on the serial executor, like every callback of the stream. */
	private boolean isCurrent(int generation) {
		return !this.closed.get() && this.stream.isCurrent(generation);
	}

	void onResponse(int generation, WatchResponse response) {
		if (!isCurrent(generation)) {
			return;
		}
		long serverRevision = response.getHeader().getRevision();
		if (response.isCreatedNotify()) {
			this.stallReported = false;
			this.reopenBackoff.reset();
			long serverCluster = response.getHeader().getClusterId();
			if (this.reader.isAnotherHistory(serverRevision, serverCluster)) {
				logger.warn("etcd at {} is at revision {} (cluster {}), behind the {} this process saw (cluster {}) "
						+ "for {}: it was restored or wiped; reading everything again",
						this.connection.settings().endpointsAsString(), serverRevision, Long.toHexString(serverCluster),
						this.reader.seenRevision(), Long.toHexString(this.reader.clusterId()), this.target);
				requestResync(generation, "etcd was wiped or restored");
			}
			else {
				this.status.answered(this.revision);
			}
			return;
		}
		this.status.answered(this.revision);
		this.reader.saw(serverRevision);
		for (Update update : this.state.apply(response.getEvents())) {
			this.revision = Math.max(this.revision, update.revision());
			if (!update.changes().isEmpty()) {
				this.status.applied(update.changes().size());
				deliver(update);
			}
		}
		this.backoff.reset();
	}

	void onError(int generation, Throwable error) {
		if (!isCurrent(generation)) {
			logger.debug("Ignoring the error of replaced watch generation {} on {} ({})", generation, this.target,
					error.toString());
			return;
		}
		if (error instanceof CompactedException compacted) {
			logger.info("Watch on {} fell behind etcd's compaction (revision {}); reading everything again",
					this.target, compacted.getCompactedRevision());
			this.resyncCause = "history compacted past revision " + (this.revision + 1);
			requestResync(generation, "history compacted");
			return;
		}
		this.status.interrupted(this.revision, error);
		// Not jetcd's resume: on the "created" response it moves its resume revision up to the
		// server's current one (max(revision, header.revision)), so a stream cut before etcd sent
		// the catch-up events resumes past them. Watch again from our own revision instead.
		this.stream.close();
		Duration delay = this.reopenBackoff.next();
		logger.debug("Watch generation {} on {} failed ({}); watching again in {} ms", generation, this.target,
				error.toString(), delay.toMillis());
		try {
			this.connection.scheduler()
				.schedule(() -> this.serial.execute(this::reopen), delay.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Not watching {} again: the connection is closed", this.target);
		}
	}

	/** The serial executor dropped queued responses: only a full re-read makes the copy exact again. */
	private void overflowed() {
		if (this.closed.get()) {
			return;
		}
		this.resyncPending = true; // the tasks dropped may have included a pending re-read
		this.resyncCause = "watch responses came faster than they could be applied";
		resync();
	}

	/** After an interruption: the watch starts again right after the revision the copy is at. */
	private void reopen() {
		if (this.closed.get() || this.resyncPending || this.stream.isOpen()) {
			logger.debug("Not reopening {}: closed {}, re-read pending {}, open {} (generation {})", this.target,
					this.closed.get(), this.resyncPending, this.stream.isOpen(), this.stream.generation());
			return;
		}
		this.stream.open(this.revision + 1);
	}

	/**
	 * etcd did not confirm the watch within the request timeout (it is down, or it holds a request
	 * whose auth token names a raft index a wiped cluster has not reached). Its auth token was checked (and dropped only on evidence of a
	 * wipe);
	 * the watch starts again from where it was, so a plain outage still ends in a resume (changes
	 * delivered one revision at a time) and a wiped cluster is noticed by its created response.
	 */
	void onStalled() {
		this.serial.execute(this::restartStalled); // called on the connection's scheduler: hand off
	}

	private void restartStalled() {
		if (this.closed.get() || this.resyncPending || !this.stream.isOpen()) {
			logger.debug("Not restarting stalled {}: closed {}, re-read pending {}, open {} (generation {})",
					this.target, this.closed.get(), this.resyncPending, this.stream.isOpen(), this.stream.generation());
			return;
		}
		logger.debug("Watch generation {} on {} not confirmed in time; watching again from revision {}",
				this.stream.generation(), this.target, this.revision + 1);
		if (!this.stallReported) {
			this.stallReported = true;
			logger.warn("etcd at {} did not take up the watch on {} within {} ms (it is down, or holds requests "
					+ "whose auth token it cannot check yet, as after a wipe); auth token checked, watching again "
					+ "from revision {}", this.connection.settings().endpointsAsString(), this.target,
					this.connection.settings().requestTimeout().toMillis(), this.revision + 1);
		}
		this.stream.open(this.revision + 1);
	}

	void onEnded(int generation) {
		logger.debug("Watch generation {} on {} ended (current: {})", generation, this.target,
				this.stream.generation());
		if (isCurrent(generation)) {
			requestResync(generation, "the watch stream ended");
		}
	}

	private void requestResync(int generation, String cause) {
		if (this.closed.get() || !this.stream.isCurrent(generation) || this.resyncPending) {
			return;
		}
		this.resyncPending = true;
		if (this.resyncCause == null) {
			this.resyncCause = cause;
		}
		this.serial.execute(this::resync);
	}

	private void resync() {
		if (this.closed.get()) {
			return;
		}
		this.stream.close();
		MirrorReader.Read fresh;
		try {
			fresh = this.reader.read();
		}
		catch (RuntimeException ex) {
			Duration delay = this.backoff.next();
			logger.warn("Re-reading {} failed ({}); trying again in {} ms", this.target, ex.getMessage(),
					delay.toMillis());
			retryLater(delay);
			return;
		}
		long readRevision = fresh.revision();
		List<Change> changes = this.state.diff(fresh.values());
		if (this.closed.get()) {
			return;
		}
		this.state.replaceWith(fresh.values());
		this.revision = readRevision;
		this.resyncPending = false;
		String cause = this.resyncCause;
		this.resyncCause = null;
		this.stream.open(readRevision + 1);
		logger.info("Re-read {} at revision {}: {} key(s) differ", this.target, readRevision, changes.size());
		this.status.resynced(readRevision, changes.size(), (cause != null) ? cause : "re-read");
		deliver(new Update(readRevision, changes, true));
	}

	private void retryLater(Duration delay) {
		try {
			this.connection.scheduler()
				.schedule(() -> this.serial.execute(this::resync), delay.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Not retrying {}: the connection is closed", this.target);
		}
	}

	private void deliver(Update update) {
		this.delivery.offer(update);
	}

	/** Delivers on the calling thread (the first read, before anything is queued). */
	private void deliverNow(Update update) {
		try {
			this.sink.accept(update);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of {} failed on revision {}; the watch goes on", this.target, update.revision(),
					ex);
		}
	}

	/** Whether the watch is running (false after close). */
	public boolean isWatching() {
		return !this.closed.get() && this.stream.isOpen();
	}

	/** Test seam: see {@link MirrorStream.Seam}. */
	void seam(MirrorStream.Seam seam) {
		this.stream.seam(seam);
	}

	/** How many watches this mirror started (tests, diagnostics). */
	int watchGeneration() {
		return this.stream.generation();
	}

	/** Whether the watch waits for etcd's confirmation with a deadline armed (tests, diagnostics). */
	boolean awaitsConfirmation() {
		return this.stream.awaitsConfirmation();
	}

	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.stream.shutdown();
		this.delivery.close();
		this.status.untrack();
	}

}
