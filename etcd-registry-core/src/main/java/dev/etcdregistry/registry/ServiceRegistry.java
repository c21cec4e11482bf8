package dev.etcdregistry.registry;

import java.util.List;
import java.util.OptionalLong;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.Subscription;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.internal.EtcdServiceRegistry;

/**
 * Registers this process's service instances in etcd under
 * {@code /services/<serviceName>/<instanceId>}, all attached to <b>one lease</b> that is
 * kept alive in the background. A crash lets the lease expire after its TTL; {@link #close()}
 * revokes it, so peers see every instance gone at once.
 *
 * <p>Registrations are kept, not just written: when the lease dies (expired after lost
 * renewals, revoked from outside, etcd wiped) a new one is granted and every instance is
 * written again, with back-off while etcd is unreachable; an instance key deleted by someone
 * else is put back.
 */
public interface ServiceRegistry extends AutoCloseable {

	/** A registry with {@link RegistryOptions#defaults()}. */
	static ServiceRegistry of(EtcdConnection connection) {
		return of(connection, RegistryOptions.defaults());
	}

	static ServiceRegistry of(EtcdConnection connection, RegistryOptions options) {
		return new EtcdServiceRegistry(connection, options);
	}

	/**
	 * Registers an instance, or updates it when the same service and id are registered
	 * already. When etcd is unreachable the registration is kept and written as soon as etcd
	 * answers (a {@link RegistrationEvent.Type#RETRYING} event says so).
	 * @return a handle whose {@code close()} deregisters the instance
	 * @throws EtcdRegistryException when etcd refuses it (permissions, size), naming the key
	 */
	Registration register(ServiceInstance instance);

	/**
	 * Removes an instance: its key is deleted now.
	 * @return whether it was registered by this registry
	 */
	boolean deregister(String serviceName, String instanceId);

	/** The instances this registry keeps registered. */
	List<ServiceInstance> registrations();

	/** The lease all registrations are attached to, empty while there is none. */
	OptionalLong leaseId();

	/** Adds a listener for registration and lease events. */
	Subscription addListener(RegistrationListener listener);

	/** Revokes the lease (peers see every instance gone at once) and stops all background work. */
	@Override
	void close();

}
