package dev.etcdregistry.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigChange;
import dev.etcdregistry.config.ConfigChange.Type;
import dev.etcdregistry.config.ConfigChangeEvent;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.config.ConfigWatch;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TcpProxy;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 4: a one-node etcd wiped while a config watch is cut off from it, and filled again
 * (as an operator restoring config would) before the watch gets back. The watch must notice the
 * new cluster, read everything again and tell its listener only what really differs: a key put
 * back with the same value is no event, a key not put back is a delete.
 */
@EtcdTest
@Timeout(90)
class ConfigWatchWipeIntegrationTests {

	@Test
	void scenario4AConfigWatchIsReadAgainAfterAWipeAndHearsOnlyRealDifferences(EtcdCluster etcd) throws Exception {
		String namespace = TestConnections.randomNamespace();
		List<ConfigChangeEvent> events = new CopyOnWriteArrayList<>();
		try (EtcdConnection before = TestConnections.connect(etcd, namespace)) {
			ConfigStore store = ConfigStore.of(before);
			store.put("/config/app/same", "1");
			store.put("/config/app/changed", "old");
			store.put("/config/app/gone", "x");
			for (int i = 0; i < 20; i++) {
				store.put("/config/busy", Integer.toString(i)); // the old revision is well ahead of the new cluster's
			}
		}
		try (TcpProxy proxy = new TcpProxy(etcd.endpoints().get(0));
				EtcdConnection watching = TestConnections.connectThrough(proxy, etcd, namespace);
				ConfigWatch watch = ConfigStore.of(watching).watchPrefix("/config/app/", events::add)) {
			assertThat(watch.values()).hasSize(3);
			proxy.cut();
			etcd.node(0).wipe();
			try (EtcdConnection after = TestConnections.connect(etcd, namespace)) {
				ConfigStore store = ConfigStore.of(after);
				store.put("/config/app/same", "1");
				store.put("/config/app/changed", "new");
				store.put("/config/app/added", "y");
				long start = System.nanoTime();
				proxy.restore();

				await().atMost(Duration.ofSeconds(45)).until(() -> !events.isEmpty());
				System.out.printf("[figure] config watch back from a cut-off + wipe: re-read %d ms after the network "
						+ "returned%n", Duration.ofNanos(System.nanoTime() - start).toMillis());
				assertThat(watch.values()).isEqualTo(Map.of("/config/app/same", "1", "/config/app/changed", "new",
						"/config/app/added", "y"));
				// a marker proves that nothing else was delivered in between
				long marker = store.put("/config/app/marker", "m");
				await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 2);
				assertThat(events).hasSize(2);
				ConfigChangeEvent resync = events.get(0);
				assertThat(resync.resync()).isTrue();
				assertThat(resync.changes()).extracting(ConfigChange::key, ConfigChange::type, ConfigChange::oldValue,
						ConfigChange::newValue)
					.containsExactlyInAnyOrder(Tuple.tuple("/config/app/changed", Type.PUT, "old", "new"),
							Tuple.tuple("/config/app/gone", Type.DELETE, "x", null),
							Tuple.tuple("/config/app/added", Type.PUT, null, "y"));
				assertThat(events.get(1).revision()).isEqualTo(marker);
				assertThat(events.get(1).keys()).containsExactly("/config/app/marker");
			}
		}
	}

}
