package dev.etcdregistry.registry;

/**
 * Receives {@link RegistrationEvent}s, in order, on a thread of the library. A slow listener
 * delays only its own events.
 */
@FunctionalInterface
public interface RegistrationListener {

	void onEvent(RegistrationEvent event);

}
