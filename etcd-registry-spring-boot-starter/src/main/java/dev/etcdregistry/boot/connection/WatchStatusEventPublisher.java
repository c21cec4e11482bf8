package dev.etcdregistry.boot.connection;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;

import dev.etcdregistry.Subscription;
import dev.etcdregistry.client.EtcdConnection;

/**
 * Republishes the connection's watch status events as {@link EtcdWatchStatusEvent}s, so an
 * application can react with an {@code @EventListener}. Subscribes once every singleton exists
 * and unsubscribes when the context closes, before the connection is closed.
 */
final class WatchStatusEventPublisher implements SmartInitializingSingleton, DisposableBean {

	private final EtcdConnection connection;

	private final ApplicationEventPublisher publisher;

	private Subscription subscription;

	WatchStatusEventPublisher(EtcdConnection connection, ApplicationEventPublisher publisher) {
		this.connection = connection;
		this.publisher = publisher;
	}

	@Override
	public synchronized void afterSingletonsInstantiated() {
		this.subscription = this.connection.watchActivity()
			.addListener((status) -> this.publisher.publishEvent(new EtcdWatchStatusEvent(this.connection, status)));
	}

	@Override
	public synchronized void destroy() {
		if (this.subscription != null) {
			this.subscription.close();
			this.subscription = null;
		}
	}

}
