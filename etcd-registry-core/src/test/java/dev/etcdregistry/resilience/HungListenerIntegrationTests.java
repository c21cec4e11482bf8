package dev.etcdregistry.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigChange;
import dev.etcdregistry.config.ConfigChangeEvent;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.config.ConfigWatch;
import dev.etcdregistry.internal.Listeners;
import dev.etcdregistry.registry.ServiceChangeEvent;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener that hangs while a thousand and more changes go by costs a bounded queue, not one
 * queued event per change: queued events are merged (latest value per key, latest instances
 * per service). Once released it gets few events, and they bring it to the exact final state.
 * Before the queues were bounded, the listener was handed every single change.
 */
@EtcdTest
@Timeout(120)
class HungListenerIntegrationTests {

	private static final int CHANGES = 1_500;

	private final CountDownLatch release = new CountDownLatch(1);

	private EtcdConnection connection;

	private ConfigStore store;

	@BeforeEach
	void connect(EtcdCluster etcd) {
		this.connection = TestConnections.connect(etcd, TestConnections.randomNamespace());
		this.store = ConfigStore.of(this.connection);
	}

	@AfterEach
	void close() {
		this.release.countDown();
		this.connection.close();
	}

	@Test
	void aConfigListenerReleasedAfterManyChangesEndsWithTheExactValues() {
		this.store.put("/config/k0", "start");
		Map<String, String> seen = new ConcurrentSkipListMap<>(Map.of("/config/k0", "start"));
		List<ConfigChangeEvent> received = new CopyOnWriteArrayList<>();
		try (ConfigWatch watch = this.store.watchPrefix("/config/", event -> {
			hang();
			received.add(event);
			for (ConfigChange change : event.changes()) {
				if (change.type() == ConfigChange.Type.DELETE) {
					seen.remove(change.key());
				}
				else {
					seen.put(change.key(), change.newValue());
				}
			}
		})) {
			for (int i = 1; i <= CHANGES; i++) {
				String key = "/config/k" + (i % 20);
				if (i % 7 == 0) {
					this.store.delete(key);
				}
				else {
					this.store.put(key, "v" + i);
				}
			}
			Map<String, String> truth = new TreeMap<>(this.store.getAll("/config/"));
			await().atMost(Duration.ofSeconds(20)).until(() -> watch.values().equals(truth));
			this.release.countDown();
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(seen).isEqualTo(truth));
			assertThat(received).as("events handed to the released listener")
				.hasSizeLessThanOrEqualTo(Listeners.CAPACITY + 2);
		}
	}

	@Test
	void aDiscoveryListenerReleasedAfterManyChangesEndsWithTheExactInstances() {
		List<ServiceChangeEvent> received = new CopyOnWriteArrayList<>();
		try (ServiceDiscovery discovery = ServiceDiscovery.of(this.connection)) {
			discovery.addListener("orders", event -> {
				hang();
				received.add(event);
			});
			for (int i = 1; i <= CHANGES; i++) {
				String key = "/services/orders/o-" + (i % 20);
				if (i % 7 == 0) {
					this.store.delete(key);
				}
				else {
					this.store.put(key, "{\"host\":\"10.0.0." + (i % 20) + "\",\"port\":" + (1000 + i) + "}");
				}
			}
			Map<String, String> truth = new TreeMap<>(this.store.getAll("/services/orders/"));
			await().atMost(Duration.ofSeconds(20)).until(() -> ports(discovery.instances("orders")).equals(portsOf(truth)));
			this.release.countDown();
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				assertThat(received).isNotEmpty();
				assertThat(ports(received.get(received.size() - 1).instances())).isEqualTo(portsOf(truth));
			});
			assertThat(received).as("events handed to the released listener")
				.hasSizeLessThanOrEqualTo(Listeners.CAPACITY + 2);
		}
	}

	private static Map<String, Integer> ports(List<ServiceInstance> instances) {
		Map<String, Integer> ports = new TreeMap<>();
		instances.forEach(instance -> ports.put(instance.instanceId(), instance.port()));
		return ports;
	}

	private static Map<String, Integer> portsOf(Map<String, String> values) {
		Map<String, Integer> ports = new TreeMap<>();
		values.forEach((key, json) -> ports.put(key.substring(key.lastIndexOf('/') + 1),
				Integer.parseInt(json.replaceAll(".*\"port\":(\\d+).*", "$1"))));
		return ports;
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
