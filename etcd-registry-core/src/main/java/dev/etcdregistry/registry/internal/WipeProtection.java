package dev.etcdregistry.registry.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.etcdregistry.registry.ServiceInstance;

/**
 * Which instances discovery keeps although a re-read no longer lists them. After etcd was
 * wiped or restored from a backup, the re-read can come before the instances that are still
 * running have written themselves back; a service that would lose at least
 * {@code threshold} of its instances at once keeps the vanished ones for up to {@code hold},
 * unless they are seen again (a put) or deleted in the meantime. Everything else (a plain
 * re-read after compaction, a service that lost only a few) is applied as read.
 *
 * <p>Not thread-safe: the discovery cache calls it under its own lock.
 */
final class WipeProtection {

	private final Duration hold;

	private final double threshold;

	/** service -> instance id -> deadline (System.nanoTime) */
	private final Map<String, Map<String, Long>> kept = new HashMap<>();

	WipeProtection(Duration hold, double threshold) {
		this.hold = hold;
		this.threshold = threshold;
	}

	Duration hold() {
		return this.hold;
	}

	boolean isEnabled() {
		return !this.hold.isZero() && !this.hold.isNegative();
	}

	/**
	 * A re-read after a wipe/restore left {@code now} where there was {@code before}: puts back
	 * the vanished instances when the service shrank by {@code threshold} or more.
	 * @return how many instances were kept
	 */
	int protect(String service, List<ServiceInstance> before, Map<String, ServiceInstance> now, long nowNanos) {
		if (!isEnabled() || before.isEmpty()) {
			return 0;
		}
		List<ServiceInstance> vanished = new ArrayList<>();
		for (ServiceInstance instance : before) {
			if (!now.containsKey(instance.instanceId())) {
				vanished.add(instance);
			}
		}
		if (vanished.isEmpty() || vanished.size() < this.threshold * before.size()) {
			return 0;
		}
		Map<String, Long> deadlines = this.kept.computeIfAbsent(service, s -> new HashMap<>());
		long deadline = nowNanos + this.hold.toNanos();
		for (ServiceInstance instance : vanished) {
			now.put(instance.instanceId(), instance);
			deadlines.putIfAbsent(instance.instanceId(), deadline);
		}
		return vanished.size();
	}

	/** A put or delete of the instance was seen: it is no longer kept on trust. */
	void seen(String service, String instanceId) {
		Map<String, Long> deadlines = this.kept.get(service);
		if (deadlines != null && deadlines.remove(instanceId) != null && deadlines.isEmpty()) {
			this.kept.remove(service);
		}
	}

	/** Whether the instance is in the list only because it is kept. */
	boolean isKept(String service, String instanceId) {
		Map<String, Long> deadlines = this.kept.get(service);
		return deadlines != null && deadlines.containsKey(instanceId);
	}

	/** Removes and returns the kept instances whose time is up, by service. */
	Map<String, List<String>> expire(long nowNanos) {
		Map<String, List<String>> expired = new HashMap<>();
		this.kept.forEach((service, deadlines) -> deadlines.forEach((id, deadline) -> {
			if (nowNanos - deadline >= 0) {
				expired.computeIfAbsent(service, s -> new ArrayList<>()).add(id);
			}
		}));
		expired.forEach((service, ids) -> ids.forEach(id -> seen(service, id)));
		return expired;
	}

	boolean isEmpty() {
		return this.kept.isEmpty();
	}

}
