package dev.etcdregistry.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TcpProxy;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link ServiceDiscovery} on a real etcd: a cache built by one read and one watch, answering
 * without etcd, tolerant of foreign values, exact after compaction.
 */
@EtcdTest
@Timeout(90)
class ServiceDiscoveryIntegrationTests {

	private final List<ServiceChangeEvent> events = new CopyOnWriteArrayList<>();

	private String namespace;

	private EtcdConnection connection;

	private ConfigStore raw;

	@BeforeEach
	void connect(EtcdCluster etcd) {
		this.namespace = TestConnections.randomNamespace();
		this.connection = TestConnections.connect(etcd, this.namespace);
		this.raw = ConfigStore.of(this.connection);
	}

	@AfterEach
	void close() {
		this.connection.close();
	}

	@Test
	void listsServicesAndInstancesRegisteredBeforeAndAfterItStarted() {
		try (ServiceRegistry registry = ServiceRegistry.of(this.connection)) {
			registry.register(ServiceInstance.of("orders", "o-2", "10.0.0.2", 8080));
			registry.register(ServiceInstance.of("orders", "o-1", "10.0.0.1", 8080));
			try (ServiceDiscovery discovery = ServiceDiscovery.of(this.connection)) {
				assertThat(discovery.services()).containsExactly("orders");
				assertThat(discovery.instances("orders")).extracting(ServiceInstance::instanceId)
					.containsExactly("o-1", "o-2");

				registry.register(new ServiceInstance("billing", "b-1", "10.0.0.9", 9090, false, Map.of("v", "2")));
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(discovery.services()).containsExactly("billing", "orders"));
				assertThat(discovery.instances("billing")).containsExactly(
						new ServiceInstance("billing", "b-1", "10.0.0.9", 9090, false, Map.of("v", "2")));
				assertThat(discovery.instances("unknown")).isEmpty();
			}
		}
	}

	@Test
	void listenersHearAddedUpdatedAndRemovedWithTheFullList() {
		try (ServiceRegistry registry = ServiceRegistry.of(this.connection);
				ServiceDiscovery discovery = ServiceDiscovery.of(this.connection)) {
			discovery.addListener("orders", this.events::add);
			registry.register(ServiceInstance.of("orders", "o-1", "h", 1));
			registry.register(ServiceInstance.of("orders", "o-2", "h", 2));
			registry.register(ServiceInstance.of("orders", "o-1", "h", 11));
			registry.register(ServiceInstance.of("billing", "b-1", "h", 3));
			registry.deregister("orders", "o-2");

			await().atMost(Duration.ofSeconds(10)).until(() -> this.events.size() == 4);
			assertThat(this.events.get(0).added()).extracting(ServiceInstance::instanceId).containsExactly("o-1");
			assertThat(this.events.get(1).instances()).extracting(ServiceInstance::instanceId)
				.containsExactly("o-1", "o-2");
			assertThat(this.events.get(2).updated()).extracting(ServiceInstance::port).containsExactly(11);
			assertThat(this.events.get(3).removed()).extracting(ServiceInstance::instanceId).containsExactly("o-2");
			assertThat(this.events.get(3).instances()).extracting(ServiceInstance::instanceId)
				.containsExactly("o-1");
			assertThat(this.events).allSatisfy(event -> assertThat(event.serviceName()).isEqualTo("orders"));
		}
	}

	@Test
	void readsBareSeedValuesAndSkipsValuesThatAreNotInstances() {
		this.raw.put("/services/my_service/instance_1", "{\"host\":\"localhost\",\"port\":3000}");
		this.raw.put("/services/my_service/broken", "{\"host\":\"localhost\",");
		this.raw.put("/services/my_service/no-port", "{\"host\":\"localhost\"}");
		this.raw.put("/services/a", "xxxx");
		try (ServiceDiscovery discovery = ServiceDiscovery.of(this.connection)) {
			assertThat(discovery.instances("my_service")).containsExactly(
					ServiceInstance.of("my_service", "instance_1", "localhost", 3000));

			this.raw.put("/services/my_service/instance_2", "{\"host\":\"localhost\",\"port\":3002,\"zone\":\"b\"}");
			this.raw.put("/services/my_service/instance_1", "not json any more");
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(discovery.instances("my_service"))
				.containsExactly(new ServiceInstance("my_service", "instance_2", "localhost", 3002, false,
						Map.of("zone", "b"))));
		}
	}

	@Test
	void answersFromMemoryWhileEtcdIsUnreachable(EtcdCluster etcd) throws Exception {
		try (ServiceRegistry registry = ServiceRegistry.of(this.connection);
				TcpProxy proxy = new TcpProxy(etcd.endpoints().get(0));
				EtcdConnection cutOff = TestConnections.connectThrough(proxy, etcd, this.namespace);
				ServiceDiscovery discovery = ServiceDiscovery.of(cutOff)) {
			registry.register(ServiceInstance.of("orders", "o-1", "h", 1));
			await().atMost(Duration.ofSeconds(10)).until(() -> discovery.instances("orders").size() == 1);
			proxy.cut();
			for (int i = 0; i < 1000; i++) {
				assertThat(discovery.instances("orders")).hasSize(1);
			}
			InstanceChooser roundRobin = InstanceChooser.roundRobin();
			assertThat(discovery.choose("orders", roundRobin)).map(ServiceInstance::instanceId).contains("o-1");
		}
	}

	@Test
	void aCacheCutOffWhileEtcdCompactsIsReadAgainAndExact(EtcdCluster etcd) throws Exception {
		try (ServiceRegistry registry = ServiceRegistry.of(this.connection);
				TcpProxy proxy = new TcpProxy(etcd.endpoints().get(0));
				EtcdConnection cutOff = TestConnections.connectThrough(proxy, etcd, this.namespace);
				ServiceDiscovery discovery = ServiceDiscovery.of(cutOff)) {
			registry.register(ServiceInstance.of("orders", "stays", "h", 1));
			registry.register(ServiceInstance.of("orders", "leaves", "h", 2));
			registry.register(ServiceInstance.of("orders", "moves", "h", 3));
			await().atMost(Duration.ofSeconds(10)).until(() -> discovery.instances("orders").size() == 3);
			discovery.addListener("orders", this.events::add);

			proxy.cut();
			registry.deregister("orders", "leaves");
			registry.register(ServiceInstance.of("orders", "moves", "h", 33));
			registry.register(ServiceInstance.of("orders", "joins", "h", 4));
			long latest = this.raw.getPrefix("/").revision();
			this.connection.await(this.connection.client().getKVClient().compact(latest), "compaction");
			proxy.restore();

			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(discovery.instances("orders"))
				.extracting(ServiceInstance::instanceId, ServiceInstance::port)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("joins", 4),
						org.assertj.core.groups.Tuple.tuple("moves", 33),
						org.assertj.core.groups.Tuple.tuple("stays", 1)));
			assertThat(discovery.revision()).isGreaterThanOrEqualTo(latest);
			await().until(() -> !this.events.isEmpty());
			assertThat(this.events).hasSize(1);
			ServiceChangeEvent resync = this.events.get(0);
			assertThat(resync.added()).extracting(ServiceInstance::instanceId).containsExactly("joins");
			assertThat(resync.removed()).extracting(ServiceInstance::instanceId).containsExactly("leaves");
			assertThat(resync.updated()).extracting(ServiceInstance::instanceId).containsExactly("moves");
		}
	}

	@Test
	void closingStopsTheWatchButKeepsTheLastState() {
		try (ServiceRegistry registry = ServiceRegistry.of(this.connection)) {
			registry.register(ServiceInstance.of("orders", "o-1", "h", 1));
			ServiceDiscovery discovery = ServiceDiscovery.of(this.connection);
			discovery.close();
			registry.register(ServiceInstance.of("orders", "o-2", "h", 2));
			assertThat(discovery.instances("orders")).extracting(ServiceInstance::instanceId).containsExactly("o-1");
		}
	}

}
