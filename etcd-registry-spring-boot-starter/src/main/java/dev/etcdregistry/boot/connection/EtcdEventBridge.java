package dev.etcdregistry.boot.connection;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;

import dev.etcdregistry.Subscription;
import dev.etcdregistry.boot.registry.EtcdRegistrationEvent;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.ServiceRegistry;

/**
 * Republishes the core's watch status and registration events as Spring application events
 * ({@link EtcdWatchStatusEvent}, {@link EtcdRegistrationEvent}), so an application can react
 * with an {@code @EventListener}. Subscribes once every singleton exists and unsubscribes
 * when the context closes, before the connection and the registry are closed.
 */
public class EtcdEventBridge implements SmartInitializingSingleton, DisposableBean {

	private final EtcdConnection connection;

	private final ObjectProvider<ServiceRegistry> registry;

	private final ApplicationEventPublisher publisher;

	private final List<Subscription> subscriptions = new ArrayList<>();

	public EtcdEventBridge(EtcdConnection connection, ObjectProvider<ServiceRegistry> registry,
			ApplicationEventPublisher publisher) {
		this.connection = connection;
		this.registry = registry;
		this.publisher = publisher;
	}

	@Override
	public synchronized void afterSingletonsInstantiated() {
		this.subscriptions.add(this.connection.watchActivity()
			.addListener(status -> this.publisher.publishEvent(new EtcdWatchStatusEvent(this.connection, status))));
		this.registry.ifAvailable(registry -> this.subscriptions.add(registry
			.addListener(event -> this.publisher.publishEvent(new EtcdRegistrationEvent(registry, event)))));
	}

	@Override
	public synchronized void destroy() {
		this.subscriptions.forEach(Subscription::close);
		this.subscriptions.clear();
	}

}
