package dev.etcdregistry.registry.internal;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.RegistryOptions;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A deregister that runs between a register's write and the start of the key's guard (a
 * watch for deletes) must not leave that guard watching a key nobody wants. The seam runs the
 * deregister exactly there.
 */
@EtcdTest
@Timeout(60)
class RegisterDeregisterRaceIntegrationTests {

	@Test
	void aDeregisterBetweenWriteAndGuardLeavesNoGuard(EtcdCluster etcd) {
		try (EtcdConnection connection = TestConnections.connect(etcd, TestConnections.randomNamespace());
				EtcdServiceRegistry registry = new EtcdServiceRegistry(connection, RegistryOptions.defaults())) {
			registry.register(ServiceInstance.of("orders", "stays", "10.0.0.1", 8080));
			registry.beforeGuard = (key) -> {
				if (key.endsWith("/goes")) {
					assertThat(registry.deregister("orders", "goes")).isTrue();
				}
			};

			registry.register(ServiceInstance.of("orders", "goes", "10.0.0.2", 8080));
			// guards start in order: once a later registration is guarded, "goes" had its turn
			registry.register(ServiceInstance.of("orders", "later", "10.0.0.3", 8080));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.guardedKeys().contains("/services/orders/later"));

			assertThat(registry.registrations()).extracting(ServiceInstance::instanceId)
				.containsExactlyInAnyOrder("stays", "later");
			assertThat(registry.guardedKeys()).containsExactlyInAnyOrder("/services/orders/stays",
					"/services/orders/later");
		}
	}

}
