package dev.etcdregistry.registry.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.etcdregistry.Subscription;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.internal.KeyMirror;
import dev.etcdregistry.internal.Listeners;
import dev.etcdregistry.registry.DiscoveryOptions;
import dev.etcdregistry.registry.ServiceChangeEvent;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceListener;

/**
 * {@link ServiceDiscovery} on a {@link KeyMirror} of {@code /services/}. The mirror delivers
 * changes one at a time (first the initial read, then the watch), so the cache is only ever
 * written by one thread; readers see immutable per-service lists.
 */
public final class EtcdServiceDiscovery implements ServiceDiscovery {

	private static final Logger logger = LoggerFactory.getLogger(EtcdServiceDiscovery.class);

	private final KeyMirror mirror;

	private final InstanceCodec codec = new InstanceCodec();

	private final Map<String, List<ServiceInstance>> cache = new ConcurrentHashMap<>();

	private final Map<String, Long> warned = new ConcurrentHashMap<>();

	private final Map<String, Listeners<ServiceChangeEvent>> serviceListeners = new ConcurrentHashMap<>();

	private final Listeners<ServiceChangeEvent> allListeners;

	private final EtcdConnection connection;

	private final WipeProtection protection;

	/** Serializes changes to the cache: the mirror's updates and the end of a wipe hold. */
	private final Object lock = new Object();

	/** The cluster and revision the cache was last at, to tell a wipe/restore from a re-read. */
	private long clusterId;

	private long lastRevision;

	private boolean expiryScheduled;

	public EtcdServiceDiscovery(EtcdConnection connection) {
		this(connection, DiscoveryOptions.defaults());
	}

	public EtcdServiceDiscovery(EtcdConnection connection, DiscoveryOptions options) {
		this.connection = connection;
		this.protection = new WipeProtection(options.wipeHold(), options.wipeThreshold());
		this.allListeners = new Listeners<>(connection.eventPool(), "discovery");
		this.mirror = new KeyMirror(connection, ServiceKeys.ROOT, true, true, this::onUpdate);
	}

	public EtcdServiceDiscovery start() {
		this.mirror.start();
		logger.info("Discovery started at revision {}: {} service(s), {} instance(s)", this.mirror.revision(),
				this.cache.size(), this.cache.values().stream().mapToInt(List::size).sum());
		return this;
	}

	/**
	 * Starts without waiting for etcd: no instance is known until the first read, which is
	 * retried in the background until etcd answers; listeners then see every instance as added.
	 */
	public EtcdServiceDiscovery startInBackground() {
		this.mirror.startInBackground();
		logger.info("Discovery starts in the background: it reads the registry once etcd at {} answers",
				this.connection.settings().endpointsAsString());
		return this;
	}

	@Override
	public List<String> services() {
		List<String> names = new ArrayList<>(this.cache.keySet());
		Collections.sort(names);
		return names;
	}

	@Override
	public List<ServiceInstance> instances(String serviceName) {
		return this.cache.getOrDefault(serviceName, List.of());
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

	private void onUpdate(KeyMirror.Update update) {
		Map<String, List<KeyMirror.Change>> byService = new TreeMap<>();
		for (KeyMirror.Change change : update.changes()) {
			String[] names = ServiceKeys.split(change.key());
			if (names == null) {
				warnOnce(change, "it is not of the form /services/<service>/<instance>");
				continue;
			}
			byService.computeIfAbsent(names[0], n -> new ArrayList<>()).add(change);
		}
		synchronized (this.lock) {
			boolean wipe = isWipe(update);
			Map<String, Integer> kept = new TreeMap<>();
			byService.forEach((service, changes) -> {
				int count = apply(service, changes, update.revision(), wipe);
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
	}

	/** A re-read from another cluster, or behind the revision the cache was at: etcd was wiped or restored. */
	private boolean isWipe(KeyMirror.Update update) {
		long cluster = this.mirror.clusterId();
		boolean wipe = update.resync() && this.clusterId != 0
				&& (cluster != this.clusterId || update.revision() < this.lastRevision);
		this.clusterId = (cluster != 0) ? cluster : this.clusterId;
		this.lastRevision = wipe ? update.revision() : Math.max(this.lastRevision, update.revision());
		return wipe;
	}

	/** @return how many vanished instances were kept after a wipe */
	private int apply(String service, List<KeyMirror.Change> changes, long revision, boolean wipe) {
		List<ServiceInstance> before = this.cache.getOrDefault(service, List.of());
		Map<String, ServiceInstance> now = new TreeMap<>();
		before.forEach(instance -> now.put(instance.instanceId(), instance));
		for (KeyMirror.Change change : changes) {
			String id = ServiceKeys.split(change.key())[1];
			ServiceInstance parsed = (change.newValue() != null) ? parse(service, id, change) : null;
			if (parsed != null) {
				now.put(id, parsed);
			}
			else {
				now.remove(id);
			}
			if (change.newValue() == null) {
				this.warned.remove(change.key());
			}
			if (!wipe) {
				this.protection.seen(service, id);
			}
		}
		int kept = wipe ? this.protection.protect(service, before, now, System.nanoTime()) : 0;
		publish(service, before, now, revision);
		return kept;
	}

	private void publish(String service, List<ServiceInstance> before, Map<String, ServiceInstance> now,
			long revision) {
		List<ServiceInstance> after = List.copyOf(now.values());
		if (after.isEmpty()) {
			this.cache.remove(service);
		}
		else {
			this.cache.put(service, after);
		}
		ServiceChangeEvent event = diff(service, before, now, after, revision);
		if (!event.added().isEmpty() || !event.removed().isEmpty() || !event.updated().isEmpty()) {
			Listeners<ServiceChangeEvent> listeners = this.serviceListeners.get(service);
			if (listeners != null) {
				listeners.fire(event);
			}
			this.allListeners.fire(event);
		}
	}

	private void scheduleExpiry() {
		if (this.expiryScheduled) {
			return;
		}
		this.expiryScheduled = true;
		long delay = this.protection.hold().toMillis() + 10;
		try {
			// the scheduler thread only hands over: the cache's lock is taken on the event pool
			this.connection.scheduler()
				.schedule(() -> this.connection.eventPool().execute(this::expire), delay, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Not expiring kept instances: the connection is closed");
		}
	}

	/** Drops the kept instances that were neither written again nor deleted in time. */
	private void expire() {
		synchronized (this.lock) {
			this.expiryScheduled = false;
			Map<String, List<String>> expired = this.protection.expire(System.nanoTime());
			expired.forEach((service, ids) -> {
				List<ServiceInstance> before = this.cache.getOrDefault(service, List.of());
				Map<String, ServiceInstance> now = new TreeMap<>();
				before.forEach(instance -> now.put(instance.instanceId(), instance));
				ids.forEach(now::remove);
				publish(service, before, now, this.mirror.revision());
			});
			if (!expired.isEmpty()) {
				logger.info("After the wipe/restore of etcd, {} kept instance(s) did not write themselves back "
						+ "within {} s and are gone: {}", expired.values().stream().mapToInt(List::size).sum(),
						this.protection.hold().toSeconds(), expired);
			}
			if (!this.protection.isEmpty()) {
				scheduleExpiry();
			}
		}
	}

	private static ServiceChangeEvent diff(String service, List<ServiceInstance> before,
			Map<String, ServiceInstance> now, List<ServiceInstance> after, long revision) {
		List<ServiceInstance> added = new ArrayList<>();
		List<ServiceInstance> removed = new ArrayList<>();
		List<ServiceInstance> updated = new ArrayList<>();
		Map<String, ServiceInstance> old = new TreeMap<>();
		before.forEach(instance -> old.put(instance.instanceId(), instance));
		old.forEach((id, instance) -> {
			ServiceInstance current = now.get(id);
			if (current == null) {
				removed.add(instance);
			}
			else if (!current.equals(instance)) {
				updated.add(current);
			}
		});
		now.forEach((id, instance) -> {
			if (!old.containsKey(id)) {
				added.add(instance);
			}
		});
		return new ServiceChangeEvent(service, added, removed, updated, after, revision);
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
		this.allListeners.clear();
		this.serviceListeners.values().forEach(Listeners::clear);
	}

}
