package dev.etcdregistry.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.config.ConfigChangeEvent;
import dev.etcdregistry.config.ConfigEntry;
import dev.etcdregistry.config.ConfigSnapshot;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.config.ConfigWatch;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TcpProxy;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Components started while etcd cannot be reached (the connection opened without a check):
 * nothing blocks or throws; once etcd answers, background starts read everything, a watch
 * resumed from a kept revision delivers what changed since as ordinary changes, and one kept
 * from another cluster is read again. A background start closed before etcd answers never
 * reads.
 */
@EtcdTest
@Timeout(90)
class StartWithoutEtcdIntegrationTests {

	private final String namespace = TestConnections.randomNamespace();

	private TcpProxy proxy;

	private EtcdConnection direct;

	private EtcdConnection offline;

	@BeforeEach
	void setUp(EtcdCluster etcd) throws Exception {
		this.proxy = new TcpProxy(etcd.endpointsAsString().split(",")[0]);
		this.proxy.cut();
		this.direct = TestConnections.connect(etcd, this.namespace);
		this.offline = EtcdConnection.open(EtcdSettings.builder()
			.endpoints(this.proxy.endpoint())
			.namespace(this.namespace)
			.requestTimeout(Duration.ofSeconds(1))
			.build());
	}

	@AfterEach
	void tearDown() {
		this.offline.close();
		this.direct.close();
		this.proxy.close();
	}

	@Test
	void backgroundAndResumedStartsCatchUpOnceEtcdAnswers() {
		ConfigStore store = ConfigStore.of(this.direct);
		store.put("/bg/a", "1");
		long kept = store.put("/res/a", "1");
		long clusterId;
		try (ConfigWatch probe = store.watch("/res/a", (event) -> {
		})) {
			clusterId = probe.clusterId();
		}
		store.put("/other/a", "1");
		assertThat(this.offline.isVerified()).isFalse();

		ConfigStore offlineStore = ConfigStore.of(this.offline);
		List<ConfigChangeEvent> background = new CopyOnWriteArrayList<>();
		List<ConfigChangeEvent> resumed = new CopyOnWriteArrayList<>();
		List<ConfigChangeEvent> otherCluster = new CopyOnWriteArrayList<>();
		List<ConfigChangeEvent> closedEarly = new CopyOnWriteArrayList<>();
		ServiceDiscovery discovery = ServiceDiscovery.inBackground(this.offline);
		ConfigWatch bg = offlineStore.watchInBackground("/bg/", true, background::add);
		ConfigWatch res = offlineStore.resumeWatch("/res/", true, snapshot(kept, "/res/a", "1"), clusterId, false,
				resumed::add);
		ConfigWatch other = offlineStore.resumeWatch("/other/", true, snapshot(kept, "/other/a", "0"), clusterId + 1,
				false, otherCluster::add);
		offlineStore.watchInBackground("/bg/", true, closedEarly::add).close();
		assertThat(discovery.services()).isEmpty();
		assertThat(bg.values()).isEmpty();
		assertThat(res.values()).containsExactly(Map.entry("/res/a", "1"));

		// changes made while this side cannot reach etcd
		long changed = store.put("/res/a", "2");
		try (ServiceRegistry registry = ServiceRegistry.of(this.direct)) {
			registry.register(ServiceInstance.of("peer", "peer-1", "10.0.0.1", 8080));
			this.proxy.restore();
			long back = System.nanoTime();
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				assertThat(discovery.instances("peer")).hasSize(1);
				assertThat(bg.values()).containsExactly(Map.entry("/bg/a", "1"));
				assertThat(res.values()).containsExactly(Map.entry("/res/a", "2"));
				assertThat(other.values()).containsExactly(Map.entry("/other/a", "1"));
			});
			System.out.printf("[figure] background starts caught up %d ms after etcd answered%n",
					(System.nanoTime() - back) / 1_000_000);
		}
		assertThat(background).singleElement().satisfies((event) -> assertThat(event.resync()).isTrue());
		// resumed from the kept revision: the change arrives as itself, at its own revision
		assertThat(resumed).singleElement().satisfies((event) -> {
			assertThat(event.resync()).isFalse();
			assertThat(event.revision()).isEqualTo(changed);
			assertThat(event.changes()).singleElement()
				.satisfies((change) -> assertThat(change.oldValue()).isEqualTo("1"));
		});
		// kept from another cluster: read again, differences reported once
		assertThat(otherCluster).singleElement().satisfies((event) -> assertThat(event.resync()).isTrue());
		store.put("/bg/a", "3");
		await().atMost(Duration.ofSeconds(10)).until(() -> background.size() == 2);
		assertThat(closedEarly).isEmpty();
		discovery.close();
		bg.close();
		res.close();
		other.close();
	}

	private static ConfigSnapshot snapshot(long revision, String key, String value) {
		return new ConfigSnapshot(revision, Map.of(key, new ConfigEntry(key, value, 0, revision, 0)));
	}

}
