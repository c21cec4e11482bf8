package dev.etcdregistry.registry;

/**
 * Receives {@link ServiceChangeEvent}s, in order, on a thread of the library (never jetcd's).
 * A slow listener delays only its own events; one that throws is logged and kept.
 */
@FunctionalInterface
public interface ServiceListener {

	void onChange(ServiceChangeEvent event);

}
