package dev.etcdregistry.registry;

import java.time.Duration;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;

/**
 * How a {@link ServiceRegistry} keeps its registrations alive.
 *
 * @param ttl the lease's time to live: how long after a crash peers still see the instance
 * (default 10 s, like the tutorial this project comes from; at least 2 s)
 * @param retryInitialDelay first delay when etcd is unreachable (default 200 ms)
 * @param retryMaxDelay longest delay between attempts (default 5 s)
 */
public record RegistryOptions(Duration ttl, Duration retryInitialDelay, Duration retryMaxDelay) {

	/** The default lease TTL. */
	public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

	public RegistryOptions {
		if (ttl == null || ttl.compareTo(Duration.ofSeconds(2)) < 0) {
			throw new EtcdRegistryException(Reason.INVALID_ARGUMENT,
					"The lease TTL " + ttl + " is too short; etcd needs at least 2 s (the default is 10 s)");
		}
		if (retryInitialDelay == null || retryInitialDelay.isNegative() || retryInitialDelay.isZero()
				|| retryMaxDelay == null || retryMaxDelay.compareTo(retryInitialDelay) < 0) {
			throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "Retry delays " + retryInitialDelay + " .. "
					+ retryMaxDelay + " are invalid; both must be positive and the first not above the second");
		}
	}

	public static RegistryOptions defaults() {
		return new RegistryOptions(DEFAULT_TTL, Duration.ofMillis(200), Duration.ofSeconds(5));
	}

	/** These options with another TTL. */
	public RegistryOptions withTtl(Duration ttl) {
		return new RegistryOptions(ttl, this.retryInitialDelay, this.retryMaxDelay);
	}

}
