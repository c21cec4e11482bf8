package dev.etcdregistry.registry.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
 * A deregister that comes between a register's write and the start of the key's guard (a
 * watch for deletes) must not leave that guard watching a key nobody wants. The seam starts
 * the deregister, from another thread, exactly there.
 */
@EtcdTest
@Timeout(60)
class RegisterDeregisterRaceIntegrationTests {

	@Test
	void aDeregisterBetweenWriteAndGuardLeavesNoGuard(EtcdCluster etcd) throws Exception {
		try (EtcdConnection connection = TestConnections.connect(etcd, TestConnections.randomNamespace());
				EtcdServiceRegistry registry = new EtcdServiceRegistry(connection, RegistryOptions.defaults())) {
			registry.register(ServiceInstance.of("orders", "stays", "10.0.0.1", 8080));
			CompletableFuture<Boolean> deregistered = new CompletableFuture<>();
			registry.beforeGuard = (key) -> {
				if (key.endsWith("/goes")) {
					// not waited for here: the seam runs on the registry's queue, which the deregister needs
					CompletableFuture.supplyAsync(() -> registry.deregister("orders", "goes"))
						.whenComplete((result, ex) -> {
							if (ex != null) {
								deregistered.completeExceptionally(ex);
							}
							else {
								deregistered.complete(result);
							}
						});
				}
			};

			registry.register(ServiceInstance.of("orders", "goes", "10.0.0.2", 8080));
			assertThat(deregistered.get(30, TimeUnit.SECONDS)).isTrue();
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
