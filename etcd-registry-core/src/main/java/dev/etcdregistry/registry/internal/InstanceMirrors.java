package dev.etcdregistry.registry.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.internal.KeyMirror;
import dev.etcdregistry.registry.ServiceKeys;

/**
 * The watches that feed discovery with instances: one {@link KeyMirror} on all of
 * {@code /services/}, or (subscribed) one per service looked up, on {@code /services/<name>/}
 * (jetcd carries every watch of a client on its one gRPC connection). Each mirror's updates
 * reach the sink with a flag saying whether they are a re-read after etcd was wiped or restored
 * (a new cluster id, or a revision behind what that mirror was at).
 */
final class InstanceMirrors implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(InstanceMirrors.class);

	private static final String ALL = "";

	private final EtcdConnection connection;

	private final boolean subscribed;

	private final BiConsumer<KeyMirror.Update, Boolean> sink;

	private final Map<String, Tracked> mirrors = new ConcurrentHashMap<>();

	private volatile boolean closed;

	InstanceMirrors(EtcdConnection connection, boolean subscribed, BiConsumer<KeyMirror.Update, Boolean> sink) {
		this.connection = connection;
		this.subscribed = subscribed;
		this.sink = sink;
	}

	boolean isSubscribed() {
		return this.subscribed;
	}

	/** Starts the whole-prefix mirror (not subscribed). */
	void startAll(boolean background) {
		start(ALL, ServiceKeys.SERVICES, background);
	}

	/**
	 * Holds {@code service} from now on: reads it once (unless {@code background}, or etcd does not
	 * answer, when the read is retried in the background) and watches it. Returns at once when it
	 * is held already, or waits (up to the request timeout) for a read another thread started.
	 */
	void subscribe(String service, boolean background) {
		if (this.subscribed && !this.closed) {
			start(service, ServiceKeys.SERVICES + service + "/", background);
		}
	}

	boolean holds(String service) {
		return !this.subscribed || this.mirrors.containsKey(service);
	}

	private void start(String name, String prefix, boolean background) {
		Tracked existing = this.mirrors.get(name);
		if (existing != null) {
			existing.awaitStarted(this.connection.settings().requestTimeout().toMillis());
			return;
		}
		Tracked tracked = new Tracked();
		tracked.mirror = new KeyMirror(this.connection, prefix, true, true, update -> deliver(tracked, update));
		existing = this.mirrors.putIfAbsent(name, tracked);
		if (existing != null) {
			existing.awaitStarted(this.connection.settings().requestTimeout().toMillis());
			return;
		}
		try {
			if (background) {
				tracked.mirror.startInBackground();
			}
			else {
				tracked.mirror.start();
			}
		}
		catch (RuntimeException ex) {
			if (name.equals(ALL)) {
				this.mirrors.remove(name);
				throw ex;
			}
			logger.warn("First read of service '{}' failed ({}); it is known once etcd answers", name,
					ex.getMessage());
			tracked.mirror.startInBackground();
		}
		finally {
			tracked.started.countDown();
		}
		if (this.closed) {
			tracked.mirror.close();
		}
	}

	private void deliver(Tracked tracked, KeyMirror.Update update) {
		boolean wipe;
		synchronized (tracked) {
			long cluster = tracked.mirror.clusterId();
			wipe = update.resync() && tracked.clusterId != 0
					&& (cluster != tracked.clusterId || update.revision() < tracked.lastRevision);
			tracked.clusterId = (cluster != 0) ? cluster : tracked.clusterId;
			tracked.lastRevision = wipe ? update.revision() : Math.max(tracked.lastRevision, update.revision());
		}
		this.sink.accept(update, wipe);
	}

	/** The highest revision the mirrors are at (0 before any read). */
	long revision() {
		long revision = 0;
		for (Tracked tracked : this.mirrors.values()) {
			revision = Math.max(revision, tracked.mirror.revision());
		}
		return revision;
	}

	@Override
	public void close() {
		this.closed = true;
		this.mirrors.values().forEach(tracked -> tracked.mirror.close());
	}

	/** One mirror and the cluster/revision it was last at. */
	private static final class Tracked {

		final CountDownLatch started = new CountDownLatch(1);

		volatile KeyMirror mirror;

		long clusterId;

		long lastRevision;

		void awaitStarted(long millis) {
			try {
				this.started.await(millis, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
