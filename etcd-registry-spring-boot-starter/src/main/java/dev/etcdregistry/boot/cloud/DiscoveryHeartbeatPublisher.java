package dev.etcdregistry.boot.cloud;

import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.discovery.event.InstanceRegisteredEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import dev.etcdregistry.Subscription;
import dev.etcdregistry.registry.ServiceDiscovery;

/**
 * Publishes Spring Cloud's {@link HeartbeatEvent} whenever the discovery cache changes, with
 * the etcd revision the cache is at as its value (so listeners such as Spring Cloud Gateway's
 * route refresh can tell a new state from an old one). On start it publishes an
 * {@link InstanceRegisteredEvent}: the cache is filled by then, and Spring Cloud's discovery
 * health indicator reports UNKNOWN ("not initialized") until it sees one, also in
 * applications that only consume.
 */
class DiscoveryHeartbeatPublisher implements SmartLifecycle {

	private final ServiceDiscovery discovery;

	private final ApplicationEventPublisher publisher;

	private volatile Subscription subscription;

	DiscoveryHeartbeatPublisher(ServiceDiscovery discovery, ApplicationEventPublisher publisher) {
		this.discovery = discovery;
		this.publisher = publisher;
	}

	@Override
	public synchronized void start() {
		if (this.subscription == null) {
			this.subscription = this.discovery
				.addListener(event -> this.publisher.publishEvent(new HeartbeatEvent(this, event.revision())));
			this.publisher.publishEvent(new InstanceRegisteredEvent<>(this, this.discovery.revision()));
		}
	}

	@Override
	public synchronized void stop() {
		if (this.subscription != null) {
			this.subscription.close();
			this.subscription = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.subscription != null;
	}

}
