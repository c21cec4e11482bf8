package dev.etcdregistry.registry.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

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

	private final InstanceMirrors mirrors;

	private final KeyMirror overrideMirror;

	private final DiscoveryOptions options;

	private final InstanceCodec codec = new InstanceCodec();

	private final ServiceCache cache;

	private final WipeProtection protection;

	private final Map<String, Long> warned = new ConcurrentHashMap<>();

	private final Map<String, Listeners<ServiceChangeEvent>> serviceListeners = new ConcurrentHashMap<>();

	private final Listeners<ServiceChangeEvent> allListeners;

	private final EtcdConnection connection;

	private final KeptInstanceExpiry expiry;

	public EtcdServiceDiscovery(EtcdConnection connection) {
		this(connection, DiscoveryOptions.defaults());
	}

	public EtcdServiceDiscovery(EtcdConnection connection, DiscoveryOptions options) {
		this.connection = connection;
		this.options = options;
		this.protection = new WipeProtection(options.wipeHold(), options.wipeThreshold());
		this.cache = new ServiceCache(this.protection, this::fire);
		this.allListeners = new Listeners<>(connection.eventPool(), "discovery", ServiceEvents::coalesce,
				ServiceEvents.POLICY);
		this.overrideMirror = new KeyMirror(connection, ServiceKeys.OVERRIDES, true, true, this::onOverrides);
		this.mirrors = new InstanceMirrors(connection, options.subscribed(), this::onUpdate);
		this.expiry = new KeptInstanceExpiry(connection, this.cache, this.protection, this.mirrors::revision);
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
		if (this.mirrors.isSubscribed()) {
			this.options.services().forEach(service -> this.mirrors.subscribe(service, false));
		}
		else {
			this.mirrors.startAll(false);
		}
		logger.info("Discovery started at revision {}: {} service(s), {} instance(s){}", this.mirrors.revision(),
				this.cache.services().size(), this.cache.instanceCount(),
				this.mirrors.isSubscribed() ? " (holding only the services looked up)" : "");
		return this;
	}

	/**
	 * Starts without waiting for etcd: no instance is known until the first read, which is
	 * retried in the background until etcd answers; listeners then see every instance as added.
	 */
	public EtcdServiceDiscovery startInBackground() {
		this.overrideMirror.startInBackground();
		if (this.mirrors.isSubscribed()) {
			this.options.services().forEach(service -> this.mirrors.subscribe(service, true));
		}
		else {
			this.mirrors.startAll(true);
		}
		logger.info("Discovery starts in the background: it reads the registry once etcd at {} answers",
				this.connection.settings().endpointsAsString());
		return this;
	}

	@Override
	public List<String> services() {
		if (this.mirrors.isSubscribed()) {
			return ServiceNames.read(this.connection);
		}
		return cachedServices();
	}

	@Override
	public List<String> cachedServices() {
		List<String> names = new ArrayList<>(this.cache.services());
		Collections.sort(names);
		return names;
	}

	@Override
	public List<ServiceInstance> instances(String serviceName) {
		subscribe(serviceName);
		return this.cache.instances(serviceName);
	}

	/** Holds the service from now on, when discovery holds only the services looked up. */
	private void subscribe(String serviceName) {
		if (!this.mirrors.holds(serviceName) && ServiceNames.isValid(serviceName)) {
			this.mirrors.subscribe(serviceName, false);
		}
	}

	@Override
	public Subscription addListener(String serviceName, ServiceListener listener) {
		subscribe(serviceName);
		return this.serviceListeners
			.computeIfAbsent(serviceName,
					name -> new Listeners<>(this.connection.eventPool(), "service " + name, ServiceEvents::coalesce,
							ServiceEvents.POLICY))
			.add(listener::onChange, listener);
	}

	@Override
	public Subscription addListener(ServiceListener listener) {
		return this.allListeners.add(listener::onChange, listener);
	}

	@Override
	public long revision() {
		return this.mirrors.revision();
	}

	private void fire(ServiceChangeEvent event) {
		Listeners<ServiceChangeEvent> listeners = this.serviceListeners.get(event.serviceName());
		if (listeners != null) {
			listeners.fire(event);
		}
		this.allListeners.fire(event);
	}

	private void onUpdate(KeyMirror.Update update, boolean wipe) {
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
		Map<String, Integer> kept = new TreeMap<>();
		long now = System.nanoTime();
		byService.forEach((service, changes) -> {
			int count = this.cache.apply(service, changes, update.revision(), wipe, now);
			if (count > 0) {
				kept.put(service, count);
			}
		});
		if (!kept.isEmpty()) {
			logger.warn("etcd was wiped or restored (now at revision {}): the re-read misses running "
					+ "instances of {} service(s); keeping them for up to {} s unless they are written again "
					+ "or deleted: {}", update.revision(), kept.size(),
					this.protection.hold().toSeconds(), kept);
			this.expiry.schedule();
		}
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
			this.cache.override(names[0], names[1], status, this.mirrors.revision());
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
		this.mirrors.close();
		this.overrideMirror.close();
		this.allListeners.clear();
		this.serviceListeners.values().forEach(Listeners::clear);
	}

}
