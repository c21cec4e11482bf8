package dev.etcdregistry.registry;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks one instance out of a service's instances, e.g. for client-side load balancing.
 * Choosers are thread-safe.
 */
@FunctionalInterface
public interface InstanceChooser {

	/**
	 * @param instances the candidates, all of one service
	 * @return the chosen one, empty when there is none
	 */
	Optional<ServiceInstance> choose(List<ServiceInstance> instances);

	/** Takes each instance in turn (one rotation per service). */
	static InstanceChooser roundRobin() {
		Map<String, AtomicInteger> positions = new ConcurrentHashMap<>();
		return instances -> {
			if (instances.isEmpty()) {
				return Optional.empty();
			}
			AtomicInteger position = positions.computeIfAbsent(instances.get(0).serviceName(),
					name -> new AtomicInteger());
			return Optional.of(instances.get(Math.floorMod(position.getAndIncrement(), instances.size())));
		};
	}

	/** Takes an instance at random. */
	static InstanceChooser random() {
		return instances -> instances.isEmpty() ? Optional.empty()
				: Optional.of(instances.get(ThreadLocalRandom.current().nextInt(instances.size())));
	}

}
