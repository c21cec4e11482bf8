package dev.etcdregistry.boot.registry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;

import dev.etcdregistry.Subscription;
import dev.etcdregistry.registry.ServiceRegistry;

/**
 * Republishes the registry's events as {@link EtcdRegistrationEvent}s, so an application can
 * react with an {@code @EventListener}. Subscribes once every singleton exists and unsubscribes
 * when the context closes, before the registry is closed.
 */
final class RegistrationEventPublisher implements SmartInitializingSingleton, DisposableBean {

	private final ObjectProvider<ServiceRegistry> registry;

	private final ApplicationEventPublisher publisher;

	private Subscription subscription;

	RegistrationEventPublisher(ObjectProvider<ServiceRegistry> registry, ApplicationEventPublisher publisher) {
		this.registry = registry;
		this.publisher = publisher;
	}

	@Override
	public synchronized void afterSingletonsInstantiated() {
		// the application's ServiceRegistry, ours or its own, if there is one
		this.registry.ifAvailable((registry) -> this.subscription = registry
			.addListener((event) -> this.publisher.publishEvent(new EtcdRegistrationEvent(registry, event))));
	}

	@Override
	public synchronized void destroy() {
		if (this.subscription != null) {
			this.subscription.close();
			this.subscription = null;
		}
	}

}
