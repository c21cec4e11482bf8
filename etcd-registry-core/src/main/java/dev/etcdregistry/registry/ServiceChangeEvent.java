package dev.etcdregistry.registry;

import java.util.List;

/**
 * How a service's instances changed in one etcd revision (or in a re-read after the watch
 * fell behind), with the full list as it is now.
 *
 * @param serviceName the service
 * @param added instances that appeared
 * @param removed instances that are gone (deregistered, expired, or whose value became
 * unreadable)
 * @param updated instances whose host, port or metadata changed (the new version)
 * @param instances all instances of the service now, ordered by instance id
 * @param revision the etcd revision the list is at
 */
public record ServiceChangeEvent(String serviceName, List<ServiceInstance> added, List<ServiceInstance> removed,
		List<ServiceInstance> updated, List<ServiceInstance> instances, long revision) {

	public ServiceChangeEvent {
		added = List.copyOf(added);
		removed = List.copyOf(removed);
		updated = List.copyOf(updated);
		instances = List.copyOf(instances);
	}

}
