package dev.etcdregistry.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several prefixes read in one transaction and watched from the revision after it: only those
 * prefixes, nothing missed between the read and the watch.
 */
@EtcdTest
@Timeout(60)
class ConfigPrefixesIntegrationTests {

	private EtcdConnection connection;

	private ConfigStore store;

	@BeforeEach
	void connect(EtcdCluster etcd) {
		this.connection = TestConnections.connect(etcd, TestConnections.randomNamespace());
		this.store = ConfigStore.of(this.connection);
		this.store.put("/config/application/a", "1");
		this.store.put("/config/orders/b", "2");
		this.store.put("/config/billing/c", "3");
	}

	@AfterEach
	void close() {
		this.connection.close();
	}

	@Test
	void readsOnlyThePrefixesAtOneRevision() {
		long before = this.store.put("/config/orders/b", "2b");
		ConfigSnapshot snapshot = this.store.getPrefixes(List.of("/config/application/", "/config/orders/"));
		assertThat(snapshot.values()).containsOnlyKeys("/config/application/a", "/config/orders/b")
			.containsEntry("/config/orders/b", "2b");
		assertThat(snapshot.revision()).isEqualTo(before);
	}

	@Test
	void watchesOnlyThePrefixesFromTheRevisionAfterTheRead() {
		List<ConfigChangeEvent> events = new CopyOnWriteArrayList<>();
		try (ConfigWatch watch = this.store.watchPrefixes(List.of("/config/application/", "/config/orders/"),
				events::add)) {
			assertThat(watch.values()).containsOnlyKeys("/config/application/a", "/config/orders/b");
			long read = watch.revision();
			this.store.put("/config/billing/c", "30");
			long changed = this.store.put("/config/orders/b", "20");
			this.store.put("/config/application/d", "4");
			await().untilAsserted(() -> assertThat(watch.values()).containsEntry("/config/application/d", "4")
				.containsEntry("/config/orders/b", "20")
				.doesNotContainKey("/config/billing/c"));
			assertThat(events).extracting(ConfigChangeEvent::keys)
				.containsExactlyInAnyOrder(java.util.Set.of("/config/orders/b"), java.util.Set.of("/config/application/d"));
			assertThat(events).allSatisfy((event) -> assertThat(event.revision()).isGreaterThan(read));
			assertThat(events).anySatisfy((event) -> assertThat(event.revision()).isEqualTo(changed));
		}
	}

}
