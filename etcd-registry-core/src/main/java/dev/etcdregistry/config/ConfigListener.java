package dev.etcdregistry.config;

/**
 * Receives the changes of a watched key or prefix, one etcd revision at a time and in order.
 * Called on a thread of the library, never on jetcd's; a slow listener delays only the events
 * of its own watch. An exception it throws is logged and the watch goes on.
 */
@FunctionalInterface
public interface ConfigListener {

	void onChange(ConfigChangeEvent event);

}
