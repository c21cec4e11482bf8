package dev.etcdregistry.registry.internal;

import java.util.function.BiConsumer;

import dev.etcdregistry.registry.Registration;
import dev.etcdregistry.registry.ServiceInstance;

/**
 * The {@link Registration} handed to callers; closing it deregisters the instance.
 */
final class RegistrationHandle implements Registration {

	private final String key;

	private final ServiceInstance instance;

	private final BiConsumer<String, String> deregister;

	RegistrationHandle(String key, ServiceInstance instance, BiConsumer<String, String> deregister) {
		this.key = key;
		this.instance = instance;
		this.deregister = deregister;
	}

	@Override
	public ServiceInstance instance() {
		return this.instance;
	}

	@Override
	public String key() {
		return this.key;
	}

	@Override
	public void close() {
		this.deregister.accept(this.instance.serviceName(), this.instance.instanceId());
	}

	@Override
	public String toString() {
		return "Registration{" + this.key + "}";
	}

}
