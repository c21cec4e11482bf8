package dev.etcdregistry.security;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigChangeEvent;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.config.ConfigWatch;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two applications in different namespaces on one etcd, using the same service name, instance
 * id and config keys: neither ever sees the other's registrations or configuration.
 */
@EtcdTest
@Timeout(60)
class NamespaceIsolationIntegrationTests {

	@Test
	void applicationsInDifferentNamespacesNeverSeeEachOther(EtcdCluster etcd) {
		List<ConfigChangeEvent> blueEvents = new CopyOnWriteArrayList<>();
		List<ConfigChangeEvent> greenEvents = new CopyOnWriteArrayList<>();
		try (EtcdConnection blue = TestConnections.connect(etcd, TestConnections.randomNamespace());
				EtcdConnection green = TestConnections.connect(etcd, TestConnections.randomNamespace());
				ServiceRegistry blueRegistry = ServiceRegistry.of(blue);
				ServiceRegistry greenRegistry = ServiceRegistry.of(green);
				ServiceDiscovery blueDiscovery = ServiceDiscovery.of(blue);
				ServiceDiscovery greenDiscovery = ServiceDiscovery.of(green);
				ConfigWatch blueWatch = ConfigStore.of(blue).watchPrefix("/config/orders/", blueEvents::add);
				ConfigWatch greenWatch = ConfigStore.of(green).watchPrefix("/config/orders/", greenEvents::add)) {
			blueRegistry.register(ServiceInstance.of("orders", "orders-1", "10.0.0.1", 8080));
			greenRegistry.register(ServiceInstance.of("orders", "orders-1", "10.0.0.2", 9090));
			ConfigStore.of(blue).put("/config/orders/color", "blue");
			ConfigStore.of(green).put("/config/orders/color", "green");

			await().untilAsserted(() -> {
				assertThat(blueDiscovery.instances("orders")).singleElement()
					.satisfies((instance) -> assertThat(instance.host()).isEqualTo("10.0.0.1"));
				assertThat(greenDiscovery.instances("orders")).singleElement()
					.satisfies((instance) -> assertThat(instance.host()).isEqualTo("10.0.0.2"));
				assertThat(blueWatch.value("/config/orders/color")).contains("blue");
				assertThat(greenWatch.value("/config/orders/color")).contains("green");
			});
			// a watch delivers in revision order: once blue sees its own later write, it would have
			// seen green's earlier one, were it visible
			ConfigStore.of(green).put("/config/orders/marker", "green only");
			ConfigStore.of(blue).put("/config/orders/later", "blue");
			await().untilAsserted(() -> assertThat(blueWatch.value("/config/orders/later")).contains("blue"));
			await().untilAsserted(() -> assertThat(greenWatch.value("/config/orders/marker")).contains("green only"));
			assertThat(blueWatch.value("/config/orders/marker")).isEmpty();
			assertThat(blueEvents).flatExtracting(ConfigChangeEvent::changes)
				.allSatisfy((change) -> assertThat(change.newValue()).isNotEqualTo("green").isNotEqualTo("green only"));
			assertThat(blueDiscovery.services()).containsExactly("orders");
			assertThat(ConfigStore.of(blue).getAll("/config/")).containsOnlyKeys("/config/orders/color",
					"/config/orders/later");
		}
	}

}
