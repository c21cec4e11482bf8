package dev.etcdregistry.boot.cloud;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;

import dev.etcdregistry.registry.ServiceDiscovery;

/**
 * Spring Cloud's {@link ReactiveDiscoveryClient} answered from the {@link ServiceDiscovery}
 * cache; the cache is in memory, so nothing blocks.
 */
class EtcdReactiveDiscoveryClient implements ReactiveDiscoveryClient {

	private final ServiceDiscovery discovery;

	private final int order;

	/**
	 * @param discovery the cache to answer from
	 * @param order the order among several discovery clients
	 */
	public EtcdReactiveDiscoveryClient(ServiceDiscovery discovery, int order) {
		this.discovery = discovery;
		this.order = order;
	}

	@Override
	public String description() {
		return "etcd-registry ReactiveDiscoveryClient";
	}

	@Override
	public Flux<ServiceInstance> getInstances(String serviceId) {
		return Flux.defer(() -> Flux.fromIterable(this.discovery.instances(serviceId)))
			.map(CloudServiceInstance::new);
	}

	@Override
	public Flux<String> getServices() {
		return Flux.defer(() -> Flux.fromIterable(this.discovery.services()));
	}

	@Override
	public int getOrder() {
		return this.order;
	}

}
