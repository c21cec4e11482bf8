package dev.etcdregistry.boot.discovery;

import java.util.List;
import java.util.Objects;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

import dev.etcdregistry.Subscription;
import dev.etcdregistry.boot.cloud.CloudServiceInstance;
import dev.etcdregistry.registry.ServiceDiscovery;

/**
 * Spring Cloud LoadBalancer's instance list for one service, fed by the watch behind
 * {@link ServiceDiscovery}: every subscriber first gets the list as the discovery cache holds
 * it at that moment, then a new list on every change of that service. A load balancer that
 * takes one list per call ({@code get().next()}, as the round-robin and random ones do) thus
 * never sees an instance discovery has dropped, and there is no time-to-live cache in between
 * to hold a stale list.
 *
 * <p>One discovery listener per service feeds a sink that keeps only the latest list
 * (replay of one, so a subscriber can't miss a change that lands between its first list and
 * its subscription to the changes); consecutive equal lists are emitted once.
 */
class EtcdServiceInstanceListSupplier implements ServiceInstanceListSupplier, DisposableBean {

	private final String serviceId;

	private final ServiceDiscovery discovery;

	private final Sinks.Many<List<ServiceInstance>> changes = Sinks.many().replay().latest();

	private final Subscription subscription;

	/**
	 * @param discovery the cache to answer from
	 * @param serviceId the service this supplier lists
	 */
	public EtcdServiceInstanceListSupplier(ServiceDiscovery discovery, String serviceId) {
		this.discovery = Objects.requireNonNull(discovery, "discovery");
		this.serviceId = Objects.requireNonNull(serviceId, "serviceId");
		this.subscription = discovery.addListener(serviceId,
				event -> this.changes.emitNext(cloud(event.instances()), Sinks.EmitFailureHandler.busyLooping(
						java.time.Duration.ofSeconds(1))));
	}

	@Override
	public String getServiceId() {
		return this.serviceId;
	}

	@Override
	public Flux<List<ServiceInstance>> get() {
		return Flux.concat(Mono.fromSupplier(this::current), this.changes.asFlux()).distinctUntilChanged();
	}

	/** The list as the discovery cache holds it now. */
	private List<ServiceInstance> current() {
		return cloud(this.discovery.instances(this.serviceId));
	}

	private static List<ServiceInstance> cloud(List<dev.etcdregistry.registry.ServiceInstance> instances) {
		return instances.stream().<ServiceInstance>map(CloudServiceInstance::new).toList();
	}

	/** Stops listening; subscribers get no further list. */
	@Override
	public void destroy() {
		this.subscription.close();
		this.changes.tryEmitComplete();
	}

}
