package dev.etcdregistry.internal;

import java.util.concurrent.Executor;

import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.etcdregistry.client.EtcdConnection;

/**
 * The one jetcd watch behind a {@link KeyMirror}. Every {@link #open} starts a new generation
 * and every {@link #close} ends it; the mirror's callbacks carry their generation so that it
 * can drop those of a watch it already replaced. A watch etcd does not confirm within the
 * request timeout is passed on as stalled (see {@link WatchStartDeadline}), after jetcd's auth
 * token was dropped.
 *
 * <p>Why the callbacks only hand off: jetcd 0.8.7 calls {@code onError} and
 * {@code onCompleted} while it holds its client-wide watch lock, and {@code watch()} and
 * {@code close()} take that lock. So every callback (responses, errors, the end) goes to the
 * mirror's serial executor untouched, and jetcd is only ever called with no lock of ours held;
 * the lock here guards nothing but the fields.
 */
final class MirrorStream {

	private static final Logger logger = LoggerFactory.getLogger(MirrorStream.class);

	/**
	 * Test seam: lets a test hold a thread at the two points where a lock-order deadlock with
	 * jetcd would form. Production code uses {@link #NONE}.
	 */
	interface Seam {

		Seam NONE = new Seam() {
		};

		/** On jetcd's thread, in its error callback (jetcd holds its watch lock there). */
		default void inJetcdCallback() {
		}

		/** Just before a call into jetcd that takes its watch lock ({@code watch} or {@code close}). */
		default void beforeJetcdCall() {
		}

		/** On jetcd's thread, when the watch of {@code generation} got etcd's "created" response. */
		default void created(int generation) {
		}

	}

	private final EtcdConnection connection;

	private final String key;

	private final boolean prefix;

	private final Executor serial;

	private final KeyMirror mirror;

	private final WatchStartDeadline confirmation;

	private final String target;

	/** Guards {@code watcher}, {@code generation} and {@code shutdown}; never held while calling jetcd. */
	private final Object lock = new Object();

	private Watch.Watcher watcher;

	private volatile int generation;

	private boolean shutdown;

	private volatile Seam seam = Seam.NONE;

	MirrorStream(EtcdConnection connection, String key, boolean prefix, Executor serial, KeyMirror mirror) {
		this.connection = connection;
		this.key = key;
		this.prefix = prefix;
		this.serial = serial;
		this.mirror = mirror;
		this.target = (prefix ? "prefix '" : "key '") + key + "'";
		this.confirmation = new WatchStartDeadline(connection, mirror::onStalled);
	}

	void seam(Seam seam) {
		this.seam = seam;
	}

	/**
	 * Starts watching from {@code startRevision} (created notifications on) as a new generation,
	 * ending the one before. Does nothing after {@link #shutdown()}.
	 */
	void open(long startRevision) {
		int current;
		Watch.Watcher replaced;
		synchronized (this.lock) {
			if (this.shutdown) {
				return;
			}
			current = ++this.generation;
			replaced = this.watcher;
			this.watcher = null;
		}
		closeWatcher(replaced);
		WatchOption option = WatchOption.builder()
			.isPrefix(this.prefix)
			.withRevision(startRevision)
			.withCreateNotify(true)
			.build();
		this.confirmation.expect(current); // before the watch: its confirmation may come at once
		logger.debug("Watching {} from revision {} (generation {})", this.target, startRevision, current);
		this.seam.beforeJetcdCall();
		Watch.Watcher started = this.connection.client()
			.getWatchClient()
			.watch(EtcdConnection.bytes(this.key), option, Watch.listener(response -> {
				if (response.isCreatedNotify()) {
					this.seam.created(current);
					// only for this generation: a late "created" of a replaced watch must not disarm the
					// deadline of the watch that replaced it
					this.confirmation.confirmed(current);
				}
				this.serial.execute(() -> this.mirror.onResponse(current, response));
			}, error -> {
				this.seam.inJetcdCallback();
				this.serial.execute(() -> this.mirror.onError(current, error));
			}, () -> this.serial.execute(() -> this.mirror.onEnded(current))));
		synchronized (this.lock) {
			if (!this.shutdown && this.generation == current) {
				this.watcher = started;
				return;
			}
		}
		closeWatcher(started); // closed or replaced while it started
	}

	/** Ends the current generation and its watch (whose own end is then not reported as current). */
	void close() {
		Watch.Watcher ended;
		int ending;
		synchronized (this.lock) {
			ending = this.generation++;
			ended = this.watcher;
			this.watcher = null;
		}
		this.confirmation.cancel();
		logger.debug("Closed the watch on {} (generation {})", this.target, ending);
		closeWatcher(ended);
	}

	/** Closes for good: a later {@link #open} does nothing. */
	void shutdown() {
		synchronized (this.lock) {
			this.shutdown = true;
		}
		close();
	}

	/** The generation of the watch opened last (for diagnostics). */
	int generation() {
		return this.generation;
	}

	/** Whether a watch start deadline is armed (for tests and diagnostics). */
	boolean awaitsConfirmation() {
		return this.confirmation.armed();
	}

	boolean isCurrent(int generation) {
		return generation == this.generation;
	}

	boolean isOpen() {
		Watch.Watcher current;
		synchronized (this.lock) {
			current = this.watcher;
		}
		return current != null && !current.isClosed();
	}

	private void closeWatcher(Watch.Watcher ended) {
		if (ended != null) {
			this.seam.beforeJetcdCall();
			ended.close();
		}
	}

}
