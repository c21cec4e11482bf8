package dev.etcdregistry.registry;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Discovery that holds only the services it is asked about: the first lookup reads that
 * service once, later lookups answer from memory, changes of other services never reach it,
 * and the list of service names comes from a keys-only read.
 */
@EtcdTest
@Timeout(60)
class SubscribedDiscoveryIntegrationTests {

	@Test
	void holdsOnlyTheServicesLookedUp(EtcdCluster etcd) {
		String namespace = TestConnections.randomNamespace();
		try (EtcdConnection connection = TestConnections.connect(etcd, namespace);
				EtcdConnection writer = TestConnections.connect(etcd, namespace)) {
			ConfigStore raw = ConfigStore.of(writer);
			raw.put("/services/orders/o-1", "{\"host\":\"10.0.0.1\",\"port\":1}");
			raw.put("/services/billing/b-1", "{\"host\":\"10.0.0.2\",\"port\":2}");
			raw.put("/services/stock/s-1", "{\"host\":\"10.0.0.3\",\"port\":3}");
			try (ServiceDiscovery discovery = ServiceDiscovery.of(connection,
					DiscoveryOptions.defaults().subscribedTo(Set.of("stock")))) {
				List<ServiceChangeEvent> events = new CopyOnWriteArrayList<>();
				discovery.addListener(events::add);
				assertThat(discovery.cachedServices()).containsExactly("stock");
				assertThat(connection.watchActivity().cachedKeys()).as("keys held at start").isEqualTo(1);

				assertThat(discovery.instances("orders")).extracting(ServiceInstance::instanceId)
					.as("first lookup reads once")
					.containsExactly("o-1");
				assertThat(discovery.services()).containsExactly("billing", "orders", "stock");
				assertThat(discovery.cachedServices()).containsExactly("orders", "stock");

				for (int i = 0; i < 20; i++) {
					raw.put("/services/billing/b-" + (i + 2), "{\"host\":\"10.0.1." + i + "\",\"port\":2}");
				}
				raw.put("/services/orders/o-2", "{\"host\":\"10.0.0.4\",\"port\":4}");
				await().atMost(Duration.ofSeconds(10)).until(() -> discovery.instances("orders").size() == 2);
				await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
				assertThat(events).as("events: none for the 20 unrelated registrations")
					.extracting(ServiceChangeEvent::serviceName)
					.containsOnly("orders");
				assertThat(connection.watchActivity().cachedKeys()).as("keys held: orders and stock only")
					.isEqualTo(3);
				assertThat(discovery.instances("no/such")).isEmpty();
			}
		}
	}

}
