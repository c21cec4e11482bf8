package dev.etcdregistry.registry;

/**
 * An operator's override of one of this process's instances, as stored under
 * {@code /service-overrides/<serviceName>/<instanceId>} (see {@link ServiceKeys}).
 *
 * @param serviceName the service
 * @param instanceId the instance
 * @param status the status the operator set, e.g. {@code OUT_OF_SERVICE}; {@code null} when
 * the override was deleted (the instance is back in service)
 * @param by who set it, as the console wrote it (may be {@code null})
 * @param at when it was set, ISO-8601 as written (may be {@code null})
 * @param revision the etcd revision of the change
 */
public record InstanceOverride(String serviceName, String instanceId, String status, String by, String at,
		long revision) {

	/** Whether the override takes the instance out of discovery. */
	public boolean isActive() {
		return this.status != null && !ServiceKeys.UP.equals(this.status);
	}

}
