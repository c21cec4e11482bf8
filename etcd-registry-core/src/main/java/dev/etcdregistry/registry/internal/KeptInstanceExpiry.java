package dev.etcdregistry.registry.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.etcdregistry.client.EtcdConnection;

/**
 * Drops, once {@link WipeProtection#hold()} is over, the instances that {@link ServiceCache}
 * kept through a wipe or restore of etcd and that were neither written again nor deleted.
 */
final class KeptInstanceExpiry {

	// discovery's category, as before this was its own class: operators filter on it
	private static final Logger logger = LoggerFactory.getLogger(EtcdServiceDiscovery.class);

	private final EtcdConnection connection;

	private final ServiceCache cache;

	private final WipeProtection protection;

	private final LongSupplier revision;

	private boolean scheduled;

	KeptInstanceExpiry(EtcdConnection connection, ServiceCache cache, WipeProtection protection,
			LongSupplier revision) {
		this.connection = connection;
		this.cache = cache;
		this.protection = protection;
		this.revision = revision;
	}

	/** Expires kept instances after the hold; does nothing when that is already planned. */
	synchronized void schedule() {
		if (this.scheduled) {
			return;
		}
		this.scheduled = true;
		long delay = this.protection.hold().toMillis() + 10;
		try {
			// the scheduler thread only hands over: the cache's monitor is taken on the event pool
			this.connection.scheduler()
				.schedule(() -> this.connection.eventPool().execute(this::expire), delay, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Not expiring kept instances: the connection is closed");
		}
	}

	private void expire() {
		synchronized (this) {
			this.scheduled = false;
		}
		Map<String, List<String>> expired = this.cache.expire(System.nanoTime(), this.revision.getAsLong());
		if (!expired.isEmpty()) {
			logger.info("After the wipe/restore of etcd, {} kept instance(s) did not write themselves back "
					+ "within {} s and are gone: {}", expired.values().stream().mapToInt(List::size).sum(),
					this.protection.hold().toSeconds(), expired);
		}
		if (this.cache.keepsAny()) {
			schedule();
		}
	}

}
