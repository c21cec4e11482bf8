package dev.etcdregistry.internal;

import java.util.concurrent.Executor;

import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;

import dev.etcdregistry.client.EtcdConnection;

/**
 * The one jetcd watch behind a {@link KeyMirror}. Every {@link #open} starts a new generation
 * and every {@link #close} ends it; the mirror's callbacks carry their generation so that it
 * can drop those of a watch it already replaced. Watch responses are handed to the mirror's
 * serial executor (never handled on jetcd's threads); errors and the end of the stream are
 * passed on as they come. A watch etcd does not confirm within the request timeout is passed
 * on as stalled (see {@link WatchStartDeadline}), after jetcd's auth token was dropped.
 *
 * <p>Not thread-safe on its own: {@code open}, {@code close} and {@code isCurrent} are called
 * under the mirror's lock.
 */
final class MirrorStream {

	private final EtcdConnection connection;

	private final String key;

	private final boolean prefix;

	private final Executor serial;

	private final KeyMirror mirror;

	private final WatchStartDeadline confirmation;

	private Watch.Watcher watcher;

	private int generation;

	MirrorStream(EtcdConnection connection, String key, boolean prefix, Executor serial, KeyMirror mirror) {
		this.connection = connection;
		this.key = key;
		this.prefix = prefix;
		this.serial = serial;
		this.mirror = mirror;
		this.confirmation = new WatchStartDeadline(connection, mirror::onStalled);
	}

	/** Starts watching from {@code startRevision} (created notifications on) as a new generation. */
	void open(long startRevision) {
		int current = ++this.generation;
		WatchOption option = WatchOption.builder()
			.isPrefix(this.prefix)
			.withRevision(startRevision)
			.withCreateNotify(true)
			.build();
		this.confirmation.expect(); // before the watch: its confirmation may come at once
		this.watcher = this.connection.client()
			.getWatchClient()
			.watch(EtcdConnection.bytes(this.key), option, Watch.listener(response -> {
				if (response.isCreatedNotify()) {
					this.confirmation.confirmed();
				}
				this.serial.execute(() -> this.mirror.onResponse(current, response));
			}, error -> this.mirror.onError(current, error), () -> this.mirror.onEnded(current)));
	}

	/** jetcd resumes an interrupted watch: make sure etcd takes it back in time. */
	void expectConfirmation() {
		this.confirmation.expect();
	}

	/** Ends the current generation and its watch (whose own end is then not reported as current). */
	void close() {
		this.generation++;
		this.confirmation.confirmed();
		if (this.watcher != null) {
			this.watcher.close();
			this.watcher = null;
		}
	}

	boolean isCurrent(int generation) {
		return generation == this.generation;
	}

	boolean isOpen() {
		return this.watcher != null && !this.watcher.isClosed();
	}

}
