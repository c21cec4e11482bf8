package dev.etcdregistry.registry;

import java.util.List;
import java.util.Optional;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.Subscription;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.internal.EtcdServiceDiscovery;

/**
 * Knows every instance registered under {@code /services/}, from memory: one prefix read
 * builds the cache and one prefix watch, started at the read's revision + 1, keeps it
 * current. Lookups never call etcd. When the watch falls behind etcd's compaction (or etcd was
 * restored) the cache is read again and listeners hear about the real differences. After a
 * wipe or restore, instances that a re-read suddenly misses are kept for a while (see
 * {@link DiscoveryOptions}): running instances write themselves back, and consumers should not
 * lose them meanwhile.
 *
 * <p>Values written by the Node.js tutorial ({@code {"host":..,"port":..}}) are read as
 * instances, their name and id taken from the key. A value that is not such JSON is skipped
 * with one warning naming the key.
 */
public interface ServiceDiscovery extends AutoCloseable {

	/**
	 * Reads all instances and starts watching.
	 * @throws EtcdRegistryException when the first read fails
	 */
	static ServiceDiscovery of(EtcdConnection connection) {
		return of(connection, DiscoveryOptions.defaults());
	}

	/**
	 * Reads all instances and starts watching, with the given options.
	 * @throws EtcdRegistryException when the first read fails
	 */
	static ServiceDiscovery of(EtcdConnection connection, DiscoveryOptions options) {
		return new EtcdServiceDiscovery(connection, options).start();
	}

	/**
	 * Starts watching without waiting for etcd, for applications that start while etcd is
	 * down: until the first read succeeds (retried with back-off in the background) no service
	 * is known; then listeners see every instance as added and the watch goes on as usual.
	 */
	static ServiceDiscovery inBackground(EtcdConnection connection) {
		return inBackground(connection, DiscoveryOptions.defaults());
	}

	/** {@link #inBackground(EtcdConnection)} with the given options. */
	static ServiceDiscovery inBackground(EtcdConnection connection, DiscoveryOptions options) {
		return new EtcdServiceDiscovery(connection, options).startInBackground();
	}

	/**
	 * The services with at least one instance, sorted by name. When discovery holds only the
	 * services looked up ({@link DiscoveryOptions#subscribed()}), this is one keys-only read of
	 * etcd (no values), and subscribes to nothing.
	 */
	List<String> services();

	/** The services held in memory with at least one instance, sorted by name; never calls etcd. */
	default List<String> cachedServices() {
		return services();
	}

	/**
	 * The instances of a service that take calls, ordered by instance id; empty for an unknown
	 * service. When discovery holds only the services looked up, the first lookup of a service
	 * reads it once (bounded by the request timeout) and watches it from then on.
	 */
	List<ServiceInstance> instances(String serviceName);

	/** One instance of the service picked by {@code chooser}. */
	default Optional<ServiceInstance> choose(String serviceName, InstanceChooser chooser) {
		return chooser.choose(instances(serviceName));
	}

	/** Listens to one service's changes. */
	Subscription addListener(String serviceName, ServiceListener listener);

	/** Listens to the changes of every service. */
	Subscription addListener(ServiceListener listener);

	/** The etcd revision the cache is at. */
	long revision();

	/** Stops the watch; lookups keep answering from the last state. */
	@Override
	void close();

}
