package dev.etcdregistry.internal;

import java.util.concurrent.Executor;

import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;

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

	}

	private final EtcdConnection connection;

	private final String key;

	private final boolean prefix;

	private final Executor serial;

	private final KeyMirror mirror;

	private final WatchStartDeadline confirmation;

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
		this.confirmation.expect(); // before the watch: its confirmation may come at once
		this.seam.beforeJetcdCall();
		Watch.Watcher started = this.connection.client()
			.getWatchClient()
			.watch(EtcdConnection.bytes(this.key), option, Watch.listener(response -> {
				if (response.isCreatedNotify()) {
					this.confirmation.confirmed();
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
		synchronized (this.lock) {
			this.generation++;
			ended = this.watcher;
			this.watcher = null;
		}
		this.confirmation.confirmed();
		closeWatcher(ended);
	}

	/** Closes for good: a later {@link #open} does nothing. */
	void shutdown() {
		synchronized (this.lock) {
			this.shutdown = true;
		}
		close();
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
