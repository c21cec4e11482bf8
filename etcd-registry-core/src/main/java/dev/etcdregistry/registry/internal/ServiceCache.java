package dev.etcdregistry.registry.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.etcdregistry.registry.ServiceChangeEvent;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceKeys;

/**
 * What discovery knows, and what it shows: every instance read from etcd, every operator
 * override, and the instances that are kept through a wipe; lookups see per service only the
 * instances that take calls (their own status {@code UP} and no override saying otherwise), as
 * immutable lists. Every change of what is shown becomes one {@link ServiceChangeEvent}.
 *
 * <p>Writers (the two mirrors' updates, the end of a wipe hold) are serialized by this
 * object's monitor, which is never held while calling etcd; readers take no lock.
 */
final class ServiceCache {

	private final Map<String, Map<String, ServiceInstance>> known = new HashMap<>();

	private final Map<String, Map<String, String>> overrides = new HashMap<>();

	private final Map<String, List<ServiceInstance>> shown = new ConcurrentHashMap<>();

	private final WipeProtection protection;

	private final Consumer<ServiceChangeEvent> events;

	ServiceCache(WipeProtection protection, Consumer<ServiceChangeEvent> events) {
		this.protection = protection;
		this.events = events;
	}

	List<ServiceInstance> instances(String service) {
		return this.shown.getOrDefault(service, List.of());
	}

	Set<String> services() {
		return this.shown.keySet();
	}

	int instanceCount() {
		return this.shown.values().stream().mapToInt(List::size).sum();
	}

	/**
	 * Applies one service's instance changes ({@code null} for a delete or an unreadable value).
	 * @param wipe whether they come from a re-read after etcd was wiped or restored
	 * @return how many vanished instances are kept because of the wipe
	 */
	synchronized int apply(String service, Map<String, ServiceInstance> changes, long revision, boolean wipe,
			long nowNanos) {
		Map<String, ServiceInstance> before = new TreeMap<>(this.known.getOrDefault(service, Map.of()));
		Map<String, ServiceInstance> now = new TreeMap<>(before);
		changes.forEach((id, instance) -> {
			if (instance != null) {
				now.put(id, instance);
			}
			else {
				now.remove(id);
			}
			if (!wipe) {
				this.protection.seen(service, id);
			}
		});
		int kept = wipe ? this.protection.protect(service, List.copyOf(before.values()), now, nowNanos) : 0;
		if (now.isEmpty()) {
			this.known.remove(service);
		}
		else {
			this.known.put(service, now);
		}
		show(service, revision);
		return kept;
	}

	/** An override of one instance was written ({@code status}) or deleted ({@code null}). */
	synchronized void override(String service, String instanceId, String status, long revision) {
		if (status != null) {
			this.overrides.computeIfAbsent(service, s -> new HashMap<>()).put(instanceId, status);
		}
		else {
			Map<String, String> byId = this.overrides.get(service);
			if (byId != null && byId.remove(instanceId) != null && byId.isEmpty()) {
				this.overrides.remove(service);
			}
		}
		show(service, revision);
	}

	/**
	 * Drops the instances kept through a wipe whose time is up.
	 * @return the dropped instance ids by service
	 */
	synchronized Map<String, List<String>> expire(long nowNanos, long revision) {
		Map<String, List<String>> expired = this.protection.expire(nowNanos);
		expired.forEach((service, ids) -> {
			Map<String, ServiceInstance> now = this.known.get(service);
			if (now != null) {
				ids.forEach(now::remove);
				if (now.isEmpty()) {
					this.known.remove(service);
				}
			}
			show(service, revision);
		});
		return expired;
	}

	synchronized boolean keepsAny() {
		return !this.protection.isEmpty();
	}

	private void show(String service, long revision) {
		Map<String, String> overridden = this.overrides.getOrDefault(service, Map.of());
		List<ServiceInstance> after = new ArrayList<>();
		this.known.getOrDefault(service, Map.of()).forEach((id, instance) -> {
			if (instance.isUp() && ServiceKeys.UP.equals(overridden.getOrDefault(id, ServiceKeys.UP))) {
				after.add(instance);
			}
		});
		List<ServiceInstance> before = this.shown.getOrDefault(service, List.of());
		if (after.isEmpty()) {
			this.shown.remove(service);
		}
		else {
			this.shown.put(service, List.copyOf(after));
		}
		ServiceChangeEvent event = diff(service, before, after, revision);
		if (!event.added().isEmpty() || !event.removed().isEmpty() || !event.updated().isEmpty()) {
			this.events.accept(event);
		}
	}

	private static ServiceChangeEvent diff(String service, List<ServiceInstance> before, List<ServiceInstance> after,
			long revision) {
		Map<String, ServiceInstance> old = new TreeMap<>();
		before.forEach(instance -> old.put(instance.instanceId(), instance));
		Map<String, ServiceInstance> now = new TreeMap<>();
		after.forEach(instance -> now.put(instance.instanceId(), instance));
		List<ServiceInstance> added = new ArrayList<>();
		List<ServiceInstance> removed = new ArrayList<>();
		List<ServiceInstance> updated = new ArrayList<>();
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

}
