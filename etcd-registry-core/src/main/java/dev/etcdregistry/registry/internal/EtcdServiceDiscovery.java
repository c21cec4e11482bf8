package dev.etcdregistry.registry.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.Subscription;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.internal.KeyMirror;
import dev.etcdregistry.internal.Listeners;
import dev.etcdregistry.registry.DiscoveryOptions;
import dev.etcdregistry.registry.ServiceChangeEvent;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceKeys;
import dev.etcdregistry.registry.ServiceListener;

/**
 * {@link ServiceDiscovery} on two {@link KeyMirror}s: {@code /services/} (the instances) and
 * {@code /service-overrides/} (operators taking instances out of service). Each mirror delivers
 * its changes one at a time (first the initial read, then the watch) into the
 * {@link ServiceCache}; readers see immutable per-service lists of the instances that take calls.
 */
public final class EtcdServiceDiscovery implements ServiceDiscovery {

	private static final Logger logger = LoggerFactory.getLogger(EtcdServiceDiscovery.class);

	private final KeyMirror mirror;

	private final KeyMirror overrideMirror;

	private final InstanceCodec codec = new InstanceCodec();

	private final ServiceCache cache;

	private final WipeProtection protection;

	private final Map<String, Long> warned = new ConcurrentHashMap<>();

	private final Map<String, Listeners<ServiceChangeEvent>> serviceListeners = new ConcurrentHashMap<>();

	private final Listeners<ServiceChangeEvent> allListeners;

	private final EtcdConnection connection;

	/** The cluster and revision the instances were last at, to tell a wipe/restore from a re-read. */
	private long clusterId;

	private long lastRevision;

	private boolean expiryScheduled;

	public EtcdServiceDiscovery(EtcdConnection connection) {
		this(connection, DiscoveryOptions.defaults());
	}

	public EtcdServiceDiscovery(EtcdConnection connection, DiscoveryOptions options) {
		this.connection = connection;
		this.protection = new WipeProtection(options.wipeHold(), options.wipeThreshold());
		this.cache = new ServiceCache(this.protection, this::fire);
		this.allListeners = new Listeners<>(connection.eventPool(), "discovery");
		this.overrideMirror = new KeyMirror(connection, ServiceKeys.OVERRIDES, true, true, this::onOverrides);
		this.mirror = new KeyMirror(connection, ServiceKeys.SERVICES, true, true, this::onUpdate);
	}

	public EtcdServiceDiscovery start() {
		try {
			this.overrideMirror.start(); // first, so that the first list already leaves out overridden instances
		}
		catch (EtcdRegistryException ex) {
			if (ex.reason() != EtcdRegistryException.Reason.PERMISSION_DENIED) {
				throw ex;
			}
			// an older least-privilege role: discovery still works, only overrides are not seen
			logger.warn("Discovery does not see operators' overrides ({}); grant read on {} to follow them",
					ex.getMessage(), ServiceKeys.OVERRIDES);
			this.overrideMirror.close();
		}
		this.mirror.start();
		logger.info("Discovery started at revision {}: {} service(s), {} instance(s)", this.mirror.revision(),
				this.cache.services().size(), this.cache.instanceCount());
		return this;
	}

	/**
	 * Starts without waiting for etcd: no instance is known until the first read, which is
	 * retried in the background until etcd answers; listeners then see every instance as added.
	 */
	public EtcdServiceDiscovery startInBackground() {
		this.overrideMirror.startInBackground();
		this.mirror.startInBackground();
		logger.info("Discovery starts in the background: it reads the registry once etcd at {} answers",
				this.connection.settings().endpointsAsString());
		return this;
	}

	@Override
	public List<String> services() {
		List<String> names = new ArrayList<>(this.cache.services());
		Collections.sort(names);
		return names;
	}

	@Override
	public List<ServiceInstance> instances(String serviceName) {
		return this.cache.instances(serviceName);
	}

	@Override
	public Subscription addListener(String serviceName, ServiceListener listener) {
		return this.serviceListeners
			.computeIfAbsent(serviceName, name -> new Listeners<>(this.connection.eventPool(), "service " + name))
			.add(listener::onChange);
	}

	@Override
	public Subscription addListener(ServiceListener listener) {
		return this.allListeners.add(listener::onChange);
	}

	@Override
	public long revision() {
		return this.mirror.revision();
	}

	private void fire(ServiceChangeEvent event) {
		Listeners<ServiceChangeEvent> listeners = this.serviceListeners.get(event.serviceName());
		if (listeners != null) {
			listeners.fire(event);
		}
		this.allListeners.fire(event);
	}

	private void onUpdate(KeyMirror.Update update) {
		Map<String, Map<String, ServiceInstance>> byService = new TreeMap<>();
		for (KeyMirror.Change change : update.changes()) {
			String[] names = ServiceKeys.split(ServiceKeys.SERVICES, change.key());
			if (names == null) {
				warnOnce(change, "it is not of the form /services/<service>/<instance>");
				continue;
			}
			ServiceInstance parsed = (change.newValue() != null) ? parse(names[0], names[1], change) : null;
			if (change.newValue() == null) {
				this.warned.remove(change.key());
			}
			byService.computeIfAbsent(names[0], n -> new HashMap<>()).put(names[1], parsed);
		}
		boolean wipe = isWipe(update);
		Map<String, Integer> kept = new TreeMap<>();
		long now = System.nanoTime();
		byService.forEach((service, changes) -> {
			int count = this.cache.apply(service, changes, update.revision(), wipe, now);
			if (count > 0) {
				kept.put(service, count);
			}
		});
		if (!kept.isEmpty()) {
			logger.warn("etcd was wiped or restored (cluster {}, revision {}): the re-read misses running "
					+ "instances of {} service(s); keeping them for up to {} s unless they are written again "
					+ "or deleted: {}", Long.toHexString(this.clusterId), update.revision(), kept.size(),
					this.protection.hold().toSeconds(), kept);
			scheduleExpiry();
		}
	}

	/** A re-read from another cluster, or behind the revision the cache was at: etcd was wiped or restored. */
	private synchronized boolean isWipe(KeyMirror.Update update) {
		long cluster = this.mirror.clusterId();
		boolean wipe = update.resync() && this.clusterId != 0
				&& (cluster != this.clusterId || update.revision() < this.lastRevision);
		this.clusterId = (cluster != 0) ? cluster : this.clusterId;
		this.lastRevision = wipe ? update.revision() : Math.max(this.lastRevision, update.revision());
		return wipe;
	}

	private void onOverrides(KeyMirror.Update update) {
		for (KeyMirror.Change change : update.changes()) {
			String[] names = ServiceKeys.split(ServiceKeys.OVERRIDES, change.key());
			if (names == null) {
				continue;
			}
			String status = (change.newValue() != null) ? OverrideCodec.status(change.newValue()) : null;
			if (change.newValue() != null && status == null) {
				warnOnce(change, "it is not JSON like {\"status\":\"OUT_OF_SERVICE\",\"by\":\"ops\",\"at\":\"...\"}");
			}
			this.cache.override(names[0], names[1], status, this.mirror.revision());
		}
	}

	private synchronized void scheduleExpiry() {
		if (this.expiryScheduled) {
			return;
		}
		this.expiryScheduled = true;
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

	/** Drops the kept instances that were neither written again nor deleted in time. */
	private void expire() {
		synchronized (this) {
			this.expiryScheduled = false;
		}
		Map<String, List<String>> expired = this.cache.expire(System.nanoTime(), this.mirror.revision());
		if (!expired.isEmpty()) {
			logger.info("After the wipe/restore of etcd, {} kept instance(s) did not write themselves back "
					+ "within {} s and are gone: {}", expired.values().stream().mapToInt(List::size).sum(),
					this.protection.hold().toSeconds(), expired);
		}
		if (this.cache.keepsAny()) {
			scheduleExpiry();
		}
	}

	private ServiceInstance parse(String service, String id, KeyMirror.Change change) {
		try {
			return this.codec.decode(service, id, change.newValue());
		}
		catch (IllegalArgumentException | dev.etcdregistry.EtcdRegistryException ex) {
			warnOnce(change, ex.getMessage() + "; write JSON like {\"host\":\"10.0.0.5\",\"port\":8080}");
			return null;
		}
	}

	private void warnOnce(KeyMirror.Change change, String reason) {
		if (change.newValue() == null) {
			return;
		}
		Long previous = this.warned.put(change.key(), change.revision());
		if (previous == null || previous != change.revision()) {
			logger.warn("Ignoring registry key '{}' (revision {}): {}", change.key(), change.revision(), reason);
		}
	}

	@Override
	public void close() {
		this.mirror.close();
		this.overrideMirror.close();
		this.allListeners.clear();
		this.serviceListeners.values().forEach(Listeners::clear);
	}

}
