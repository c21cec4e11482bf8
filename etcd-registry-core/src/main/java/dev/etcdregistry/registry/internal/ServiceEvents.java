package dev.etcdregistry.registry.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.etcdregistry.registry.ServiceChangeEvent;
import dev.etcdregistry.registry.ServiceInstance;

/**
 * Merges the {@link ServiceChangeEvent}s queued for a listener that fell behind: one event per
 * service, from the instances before the first to those after the last. A consumer that applies
 * the merged events ends where it would have ended with all of them.
 */
final class ServiceEvents {

	static final String POLICY = "merging its queued events into one per service (latest instances, net changes)";

	private ServiceEvents() {
	}

	/** Queued events, oldest first, merged per service (in order of first appearance). */
	static List<ServiceChangeEvent> coalesce(List<ServiceChangeEvent> pending) {
		Map<String, ServiceChangeEvent> merged = new LinkedHashMap<>();
		for (ServiceChangeEvent event : pending) {
			merged.merge(event.serviceName(), event, ServiceEvents::merge);
		}
		return new ArrayList<>(merged.values());
	}

	/** One event for {@code older} then {@code newer} (same service). */
	static ServiceChangeEvent merge(ServiceChangeEvent older, ServiceChangeEvent newer) {
		Map<String, ServiceInstance> before = byId(older.instances());
		older.added().forEach(instance -> before.remove(instance.instanceId()));
		older.removed().forEach(instance -> before.put(instance.instanceId(), instance));
		Set<String> changedEarlier = new HashSet<>();
		older.updated().forEach(instance -> changedEarlier.add(instance.instanceId()));
		Map<String, ServiceInstance> after = byId(newer.instances());
		List<ServiceInstance> added = new ArrayList<>();
		List<ServiceInstance> removed = new ArrayList<>();
		List<ServiceInstance> updated = new ArrayList<>();
		before.forEach((id, instance) -> {
			ServiceInstance now = after.get(id);
			if (now == null) {
				removed.add(instance);
			}
			else if (changedEarlier.contains(id) || !now.equals(instance)) {
				updated.add(now);
			}
		});
		after.forEach((id, instance) -> {
			if (!before.containsKey(id)) {
				added.add(instance);
			}
		});
		return new ServiceChangeEvent(newer.serviceName(), added, removed, updated, newer.instances(),
				newer.revision());
	}

	private static Map<String, ServiceInstance> byId(List<ServiceInstance> instances) {
		Map<String, ServiceInstance> map = new LinkedHashMap<>();
		instances.forEach(instance -> map.put(instance.instanceId(), instance));
		return map;
	}

}
