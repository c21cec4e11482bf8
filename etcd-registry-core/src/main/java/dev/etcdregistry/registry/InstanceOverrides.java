package dev.etcdregistry.registry;

import java.util.List;
import java.util.function.Consumer;

import dev.etcdregistry.Subscription;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.internal.EtcdInstanceOverrides;

/**
 * Follows the operators' overrides of this process's own instances
 * ({@code /service-overrides/<serviceName>/<instanceId>}, see {@link ServiceKeys}): tells
 * listeners when one is set or deleted, and when the registry writes its instances again under
 * a new lease (the old lease was lost, taking the override with it), writes the override again
 * under the new lease, so an instance an operator took out of service stays out.
 */
public interface InstanceOverrides extends AutoCloseable {

	/**
	 * Starts following the overrides of the instances {@code registry} registers.
	 * @throws dev.etcdregistry.EtcdRegistryException when the first read fails
	 */
	static InstanceOverrides follow(EtcdConnection connection, ServiceRegistry registry) {
		return new EtcdInstanceOverrides(connection, registry).start();
	}

	/** {@link #follow} without waiting for etcd: the first read is retried in the background. */
	static InstanceOverrides followInBackground(EtcdConnection connection, ServiceRegistry registry) {
		return new EtcdInstanceOverrides(connection, registry).startInBackground();
	}

	/** The overrides in force on this process's instances. */
	List<InstanceOverride> current();

	/** Listens to overrides of this process's instances being set or deleted. */
	Subscription addListener(Consumer<InstanceOverride> listener);

	/** Stops following; overrides lost with a lease are no longer written back. */
	@Override
	void close();

}
