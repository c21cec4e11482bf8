package dev.etcdregistry.registry;

import java.time.Duration;
import java.util.Set;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;

/**
 * What a {@link ServiceDiscovery} holds, and how it treats a mass disappearance that is not a
 * real departure.
 *
 * @param wipeHold after etcd was wiped or restored (a new cluster id, or a revision behind
 * what was seen), how long a service that a re-read finds emptied or shrunk by
 * {@code wipeThreshold} or more keeps the instances that vanished, unless they are written
 * again or deleted before; running instances write themselves back within this time. Default
 * 10 s (the default lease TTL); zero switches this off.
 * @param wipeThreshold the share of a service's instances (0 < x <= 1) that must vanish at
 * once for them to be kept (default 0.5: half or more)
 * @param subscribed whether discovery holds only the services looked up (each subscribed on
 * its first lookup or listener, with one read then one watch on its own prefix) instead of
 * every instance under {@code /services/} (the default, for gateways and consoles)
 * @param services with {@code subscribed}, the services to subscribe to at start
 */
public record DiscoveryOptions(Duration wipeHold, double wipeThreshold, boolean subscribed, Set<String> services) {

	public DiscoveryOptions {
		if (wipeHold == null || wipeHold.isNegative()) {
			throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "The wipe hold " + wipeHold
					+ " is invalid; give a duration of zero (off) or more, e.g. the lease TTL 10s");
		}
		if (!(wipeThreshold > 0 && wipeThreshold <= 1)) {
			throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "The wipe threshold " + wipeThreshold
					+ " is outside (0, 1]; give the share of instances that must vanish at once, e.g. 0.5");
		}
		services = (services != null) ? Set.copyOf(services) : Set.of();
		services.forEach(service -> ServiceInstance.checkName(service, "service name (etcd.discovery.services)"));
	}

	public static DiscoveryOptions defaults() {
		return new DiscoveryOptions(RegistryOptions.DEFAULT_TTL, 0.5, false, Set.of());
	}

	/** These options with another hold after a wipe ({@link Duration#ZERO}: off). */
	public DiscoveryOptions withWipeHold(Duration wipeHold) {
		return new DiscoveryOptions(wipeHold, this.wipeThreshold, this.subscribed, this.services);
	}

	/** These options with another threshold. */
	public DiscoveryOptions withWipeThreshold(double wipeThreshold) {
		return new DiscoveryOptions(this.wipeHold, wipeThreshold, this.subscribed, this.services);
	}

	/**
	 * These options holding only the services looked up, plus {@code services} from the start.
	 */
	public DiscoveryOptions subscribedTo(Set<String> services) {
		return new DiscoveryOptions(this.wipeHold, this.wipeThreshold, true, services);
	}

}
