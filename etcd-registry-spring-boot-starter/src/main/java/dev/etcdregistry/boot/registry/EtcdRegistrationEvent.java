package dev.etcdregistry.boot.registry;

import org.springframework.context.ApplicationEvent;

import dev.etcdregistry.registry.RegistrationEvent;

/**
 * Something happened to the application's own registrations: registered, deregistered, the
 * lease lost (etcd down longer than the TTL, revoked, wiped), registered again under a new
 * lease, a key deleted from outside and put back, or a write being retried.
 */
public class EtcdRegistrationEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final transient RegistrationEvent registration;

	public EtcdRegistrationEvent(Object source, RegistrationEvent registration) {
		super(source);
		this.registration = registration;
	}

	/** The event as the core registry reported it. */
	public RegistrationEvent getRegistration() {
		return this.registration;
	}

	@Override
	public String toString() {
		return "EtcdRegistrationEvent " + this.registration;
	}

}
