package dev.etcdregistry.resilience;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigChangeEvent;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.config.ConfigWatch;
import dev.etcdregistry.registry.RegistryOptions;
import dev.etcdregistry.registry.ServiceChangeEvent;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listener code that hangs must not stall anything else: not other listeners, not other
 * watches, not the discovery cache, not the lease keep-alive.
 */
@EtcdTest
@Timeout(60)
class SlowListenerIntegrationTests {

	private final CountDownLatch release = new CountDownLatch(1);

	private EtcdConnection connection;

	private String namespace;

	@BeforeEach
	void connect(EtcdCluster etcd) {
		this.namespace = TestConnections.randomNamespace();
		this.connection = TestConnections.connect(etcd, this.namespace);
	}

	@AfterEach
	void close() {
		this.release.countDown();
		this.connection.close();
	}

	@Test
	void aHangingConfigListenerHoldsUpOnlyItsOwnWatch() {
		ConfigStore store = ConfigStore.of(this.connection);
		List<ConfigChangeEvent> healthy = new CopyOnWriteArrayList<>();
		try (ConfigWatch stuck = store.watch("/config/stuck", event -> hang());
				ConfigWatch other = store.watchPrefix("/config/other/", healthy::add)) {
			store.put("/config/stuck", "1");
			for (int i = 0; i < 20; i++) {
				store.put("/config/other/k", Integer.toString(i));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> healthy.size() == 20);
			assertThat(other.value("/config/other/k")).contains("19");
		}
	}

	@Test
	void aHangingDiscoveryListenerHoldsUpNeitherTheCacheNorOtherListenersNorTheLease(EtcdCluster etcd)
			throws Exception {
		List<ServiceChangeEvent> healthy = new CopyOnWriteArrayList<>();
		try (ServiceDiscovery discovery = ServiceDiscovery.of(this.connection);
				ServiceRegistry registry = ServiceRegistry.of(this.connection,
						RegistryOptions.defaults().withTtl(Duration.ofSeconds(2)));
				Client peer = etcd.newClient()) {
			discovery.addListener("orders", event -> hang());
			discovery.addListener("orders", healthy::add);
			registry.addListener(event -> hang());
			for (int i = 0; i < 10; i++) {
				registry.register(ServiceInstance.of("orders", "o-" + i, "h", 1000 + i));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> discovery.instances("orders").size() == 10);
			await().atMost(Duration.ofSeconds(10)).until(() -> !healthy.isEmpty()
					&& healthy.get(healthy.size() - 1).instances().size() == 10);
			long lease = registry.leaseId().orElseThrow();
			// three TTLs later the lease still lives: renewals do not wait for listeners
			await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(peer.getLeaseClient().timeToLive(lease, io.etcd.jetcd.options.LeaseOption.DEFAULT).get()
					.getTTL()).isPositive();
				assertThat(peer.getKVClient()
					.get(ByteSequence.from(this.namespace + "/services/orders/o-0", StandardCharsets.UTF_8))
					.get()
					.getKvs()).hasSize(1);
			});
			assertThat(registry.leaseId()).hasValue(lease);
		}
	}

	private void hang() {
		try {
			this.release.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
