package dev.etcdregistry.registry;

/**
 * Something that happened to this process's registrations.
 *
 * @param type what happened
 * @param instance the instance concerned, {@code null} for events about the lease itself
 * @param leaseId the lease involved (the new one for {@link Type#REREGISTERED})
 * @param detail a human-readable reason, never containing secrets
 */
public record RegistrationEvent(Type type, ServiceInstance instance, long leaseId, String detail) {

	/** What happened. */
	public enum Type {

		/** The instance key was written for the first time (or updated by a new register call). */
		REGISTERED,

		/** The instance was removed on request (deregister or close). */
		DEREGISTERED,

		/** The lease was lost (expired, revoked, etcd wiped, or no renewal within the TTL). */
		LEASE_LOST,

		/** The instance was written again under a new lease after the old one was lost. */
		REREGISTERED,

		/** The instance key was deleted by someone else while the lease lived, and was put back. */
		RESTORED,

		/** Writing the instance failed; it is retried with back-off. */
		RETRYING

	}

}
