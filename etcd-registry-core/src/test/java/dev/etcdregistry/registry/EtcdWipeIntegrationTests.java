package dev.etcdregistry.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
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
 * etcd wiped and started again as a new cluster (its revisions start over, every lease is
 * gone): the registry writes its instances again under a new lease, and discovery, whose
 * watch would otherwise wait for the old revision to come round again, reads everything anew.
 */
@EtcdTest
@Timeout(90)
class EtcdWipeIntegrationTests {

	@Test
	void registrationsComeBackAndDiscoveryIsExactAfterAWipe(EtcdCluster etcd) throws Exception {
		String namespace = TestConnections.randomNamespace();
		List<ServiceChangeEvent> events = new CopyOnWriteArrayList<>();
		try (EtcdConnection connection = TestConnections.connect(etcd, namespace);
				ServiceRegistry registry = ServiceRegistry.of(connection);
				ServiceDiscovery discovery = ServiceDiscovery.of(connection)) {
			ConfigStore raw = ConfigStore.of(connection);
			registry.register(ServiceInstance.of("orders", "mine", "h", 1));
			raw.put("/services/orders/foreign", "{\"host\":\"f\",\"port\":2}");
			for (int i = 0; i < 20; i++) {
				raw.put("/config/busy", Integer.toString(i)); // push the old revision well ahead
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> discovery.instances("orders").size() == 2);
			long lease = registry.leaseId().orElseThrow();
			discovery.addListener("orders", events::add);

			etcd.node(0).wipe();

			try (Client peer = etcd.newClient()) {
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					List<KeyValue> kvs = peer.getKVClient()
						.get(ByteSequence.from(namespace + "/services/orders/mine", StandardCharsets.UTF_8))
						.get()
						.getKvs();
					assertThat(kvs).hasSize(1);
					assertThat(kvs.get(0).getLease()).isNotZero().isNotEqualTo(lease);
				});
			}
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(discovery.instances("orders"))
				.extracting(ServiceInstance::instanceId)
				.containsExactly("mine"));
			// "mine" may vanish for a moment (the re-read can come before the re-registration)
			await().untilAsserted(() -> assertThat(events).last()
				.extracting(event -> event.instances().stream().map(ServiceInstance::instanceId).toList())
				.isEqualTo(List.of("mine")));
			assertThat(events).flatExtracting(ServiceChangeEvent::removed)
				.extracting(ServiceInstance::instanceId)
				.contains("foreign");
		}
	}

}
