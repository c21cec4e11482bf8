package dev.etcdregistry.boot.cloud;

import java.util.List;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

import dev.etcdregistry.registry.ServiceDiscovery;

/**
 * Spring Cloud's {@link DiscoveryClient} answered from the {@link ServiceDiscovery} cache: a
 * lookup never calls etcd. Instances written by other tools (a bare
 * {@code {"host":..,"port":..}} value) are found too.
 */
class EtcdDiscoveryClient implements DiscoveryClient {

	private final ServiceDiscovery discovery;

	private final int order;

	/**
	 * @param discovery the cache to answer from
	 * @param order the order among several discovery clients
	 */
	public EtcdDiscoveryClient(ServiceDiscovery discovery, int order) {
		this.discovery = discovery;
		this.order = order;
	}

	@Override
	public String description() {
		return "etcd-registry DiscoveryClient";
	}

	@Override
	public List<ServiceInstance> getInstances(String serviceId) {
		return this.discovery.instances(serviceId).stream().<ServiceInstance>map(CloudServiceInstance::new).toList();
	}

	@Override
	public List<String> getServices() {
		return this.discovery.services();
	}

	@Override
	public int getOrder() {
		return this.order;
	}

}
