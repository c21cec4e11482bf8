package dev.etcdregistry.boot.discovery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.LoadBalancerAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.LoadBalancerCacheAutoConfiguration;
import org.springframework.cloud.loadbalancer.core.CachingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.WeightedServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ZonePreferenceServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;

import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.boot.registry.EtcdRegistryAutoConfiguration;
import dev.etcdregistry.boot.testsupport.InMemoryRegistry;
import dev.etcdregistry.boot.testsupport.OfflineEtcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EtcdLoadBalancerAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdRegistryAutoConfiguration.class,
				EtcdLoadBalancerAutoConfiguration.class, UtilAutoConfiguration.class,
				LoadBalancerAutoConfiguration.class,
				org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration.class,
				LoadBalancerCacheAutoConfiguration.class))
		.withUserConfiguration(OfflineEtcd.class);

	@Test
	void everyServiceGetsTheWatchFedListWithoutCacheEvenWithCacheSettings() {
		this.runner.withPropertyValues("spring.cloud.loadbalancer.cache.enabled=true",
				"spring.cloud.loadbalancer.cache.ttl=100s")
			.run(context -> {
				ServiceInstanceListSupplier supplier = supplier(context, "orders");
				assertThat(chain(supplier)).doesNotHaveAnyElementsOfTypes(CachingServiceInstanceListSupplier.class)
					.last()
					.isInstanceOf(EtcdServiceInstanceListSupplier.class);
				InMemoryRegistry registry = context.getBean(InMemoryRegistry.class);
				assertThat(supplier.get().blockFirst()).isEmpty();
				registry.register(instance("orders-1", Map.of()));
				assertThat(supplier.get().blockFirst()).extracting(ServiceInstance::getInstanceId)
					.containsExactly("orders-1");
			});
	}

	@Test
	void aSubscriberGetsANewListOnEveryChangeOfItsService() {
		this.runner.run(context -> {
			ServiceInstanceListSupplier supplier = supplier(context, "orders");
			InMemoryRegistry registry = context.getBean(InMemoryRegistry.class);
			List<List<String>> lists = new CopyOnWriteArrayList<>();
			Disposable subscription = supplier.get()
				.subscribe(list -> lists.add(list.stream().map(ServiceInstance::getInstanceId).toList()));
			try {
				registry.register(instance("orders-1", Map.of()));
				registry.register(new dev.etcdregistry.registry.ServiceInstance("other", "x", "10.0.0.9", 80, false,
						Map.of()));
				registry.register(instance("orders-2", Map.of()));
				registry.deregister("orders", "orders-1");
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(lists).containsExactly(List.of(), List.of("orders-1"),
							List.of("orders-1", "orders-2"), List.of("orders-2")));
			}
			finally {
				subscription.dispose();
			}
		});
	}

	@Test
	void zonePreferenceWhenTheApplicationHasAZoneAndWeightsOnRequest() {
		this.runner.withPropertyValues("etcd.registry.metadata.zone=eu-1", "etcd.discovery.load-balancer.weighted=true")
			.run(context -> {
				ServiceInstanceListSupplier supplier = supplier(context, "orders");
				assertThat(chain(supplier)).hasAtLeastOneElementOfType(ZonePreferenceServiceInstanceListSupplier.class)
					.hasAtLeastOneElementOfType(WeightedServiceInstanceListSupplier.class);
				InMemoryRegistry registry = context.getBean(InMemoryRegistry.class);
				registry.register(instance("orders-1", Map.of("zone", "eu-1")));
				registry.register(instance("orders-2", Map.of("zone", "us-1")));
				assertThat(supplier.get().blockFirst()).extracting(ServiceInstance::getInstanceId)
					.containsOnly("orders-1");
			});
		this.runner.withPropertyValues("spring.cloud.loadbalancer.configurations=weighted")
			.run(context -> assertThat(chain(supplier(context, "orders")))
				.hasAtLeastOneElementOfType(WeightedServiceInstanceListSupplier.class)
				.doesNotHaveAnyElementsOfTypes(ZonePreferenceServiceInstanceListSupplier.class));
	}

	@Test
	void backsOffWhenSwitchedOffOrWithoutLoadBalancer() {
		this.runner.withPropertyValues("etcd.discovery.load-balancer.enabled=false")
			.run(context -> assertThat(chain(supplier(context, "orders")))
				.doesNotHaveAnyElementsOfTypes(EtcdServiceInstanceListSupplier.class));
		this.runner.withClassLoader(new FilteredClassLoader(ServiceInstanceListSupplier.class))
			.run(context -> assertThat(context).doesNotHaveBean(EtcdLoadBalancerAutoConfiguration.class));
	}

	private static ServiceInstanceListSupplier supplier(AssertableApplicationContext context, String service) {
		return context.getBean(LoadBalancerClientFactory.class).getInstance(service, ServiceInstanceListSupplier.class);
	}

	private static List<ServiceInstanceListSupplier> chain(ServiceInstanceListSupplier supplier) {
		List<ServiceInstanceListSupplier> chain = new java.util.ArrayList<>();
		ServiceInstanceListSupplier current = supplier;
		while (current != null) {
			chain.add(current);
			current = (current instanceof DelegatingServiceInstanceListSupplier delegating) ? delegating.getDelegate()
					: null;
		}
		return chain;
	}

	private static dev.etcdregistry.registry.ServiceInstance instance(String id, Map<String, String> metadata) {
		return new dev.etcdregistry.registry.ServiceInstance("orders", id, "10.0.0.1", 8080, false, metadata);
	}

}
