package dev.etcdregistry.registry;

/**
 * A handle on one registered instance; closing it deregisters the instance.
 */
public interface Registration extends AutoCloseable {

	/** The instance as registered. */
	ServiceInstance instance();

	/** The etcd key of the instance (without the namespace). */
	String key();

	/** Deregisters the instance: its key is deleted now. Harmless when already done. */
	@Override
	void close();

}
