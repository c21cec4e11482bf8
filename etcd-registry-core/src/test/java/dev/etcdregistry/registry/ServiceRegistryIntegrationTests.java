package dev.etcdregistry.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.RegistrationEvent.Type;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TcpProxy;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link ServiceRegistry} on a real etcd: one lease per registry, and registrations that come
 * back whatever happens to the lease or the keys. etcd is inspected with a separate raw
 * jetcd client, as a peer would see it.
 */
@EtcdTest
@Timeout(90)
class ServiceRegistryIntegrationTests {

	private final List<RegistrationEvent> events = new CopyOnWriteArrayList<>();

	private String namespace;

	private EtcdConnection connection;

	private Client peer;

	@BeforeEach
	void connect(EtcdCluster etcd) {
		this.namespace = TestConnections.randomNamespace();
		this.connection = TestConnections.connect(etcd, this.namespace);
		this.peer = etcd.newClient();
	}

	@AfterEach
	void close() {
		this.connection.close();
		this.peer.close();
	}

	private KeyValue peerGet(String key) throws Exception {
		List<KeyValue> kvs = this.peer.getKVClient()
			.get(ByteSequence.from(this.namespace + key, StandardCharsets.UTF_8))
			.get()
			.getKvs();
		return kvs.isEmpty() ? null : kvs.get(0);
	}

	private ServiceRegistry registry(Duration ttl) {
		ServiceRegistry registry = ServiceRegistry.of(this.connection, RegistryOptions.defaults().withTtl(ttl));
		registry.addListener(this.events::add);
		return registry;
	}

	@Test
	void registersUnderOneLeaseWithSeedCompatibleJson() throws Exception {
		try (ServiceRegistry registry = registry(Duration.ofSeconds(10))) {
			registry.register(new ServiceInstance("orders", "o-1", "10.0.0.5", 8080, true, Map.of("zone", "a")));
			registry.register(ServiceInstance.of("billing", "b-1", "10.0.0.6", 9090));

			KeyValue orders = peerGet("/services/orders/o-1");
			KeyValue billing = peerGet("/services/billing/b-1");
			assertThat(orders.getLease()).isNotZero().isEqualTo(billing.getLease())
				.isEqualTo(registry.leaseId().orElseThrow());
			String json = orders.getValue().toString(StandardCharsets.UTF_8);
			assertThat(json).startsWith("{\"host\":\"10.0.0.5\",\"port\":8080,")
				.contains("\"serviceName\":\"orders\"", "\"instanceId\":\"o-1\"", "\"secure\":true",
						"\"metadata\":{\"zone\":\"a\"}");
			long ttl = this.peer.getLeaseClient()
				.timeToLive(orders.getLease(), io.etcd.jetcd.options.LeaseOption.DEFAULT)
				.get()
				.getGrantedTTL();
			assertThat(ttl).isEqualTo(10);
			assertThat(registry.registrations()).hasSize(2);
			await().until(() -> this.events.stream().filter(e -> e.type() == Type.REGISTERED).count() == 2);
		}
	}

	@Test
	void deregisterRemovesOneInstanceAndCloseRemovesAllAtOnce() throws Exception {
		ServiceRegistry registry = registry(Duration.ofSeconds(10));
		Registration first = registry.register(ServiceInstance.of("orders", "o-1", "h", 1));
		registry.register(ServiceInstance.of("orders", "o-2", "h", 2));
		first.close();
		assertThat(peerGet("/services/orders/o-1")).isNull();
		assertThat(peerGet("/services/orders/o-2")).isNotNull();
		assertThat(registry.deregister("orders", "o-1")).isFalse();

		long lease = registry.leaseId().orElseThrow();
		registry.close();
		assertThat(peerGet("/services/orders/o-2")).as("gone the moment close returns").isNull();
		long remaining = this.peer.getLeaseClient()
			.timeToLive(lease, io.etcd.jetcd.options.LeaseOption.DEFAULT)
			.get()
			.getTTL();
		assertThat(remaining).as("lease revoked").isEqualTo(-1);
		assertThatThrownBy(() -> registry.register(ServiceInstance.of("orders", "o-3", "h", 3)))
			.isInstanceOfSatisfying(EtcdRegistryException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.CLOSED));
	}

	@Test
	void aLeaseRevokedFromOutsideIsReplacedAndEveryInstanceWrittenAgain() throws Exception {
		try (ServiceRegistry registry = registry(Duration.ofSeconds(10))) {
			registry.register(ServiceInstance.of("orders", "o-1", "h", 1));
			registry.register(ServiceInstance.of("orders", "o-2", "h", 2));
			long original = registry.leaseId().orElseThrow();

			this.peer.getLeaseClient().revoke(original).get();

			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
				KeyValue o1 = peerGet("/services/orders/o-1");
				KeyValue o2 = peerGet("/services/orders/o-2");
				assertThat(o1).isNotNull();
				assertThat(o2).isNotNull();
				assertThat(o1.getLease()).isNotEqualTo(original).isEqualTo(o2.getLease());
			});
			assertThat(registry.leaseId()).isNotEmpty();
			assertThat(registry.leaseId().getAsLong()).isNotEqualTo(original);
			await().untilAsserted(() -> assertThat(this.events).extracting(RegistrationEvent::type)
				.contains(Type.LEASE_LOST));
		}
	}

	@Test
	void anInstanceKeyDeletedFromOutsideIsPutBack() throws Exception {
		try (ServiceRegistry registry = registry(Duration.ofSeconds(10))) {
			registry.register(ServiceInstance.of("orders", "o-1", "h", 1));
			long lease = registry.leaseId().orElseThrow();
			this.peer.getKVClient().delete(ByteSequence.from(this.namespace + "/services/orders/o-1",
					StandardCharsets.UTF_8)).get();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				KeyValue restored = peerGet("/services/orders/o-1");
				assertThat(restored).isNotNull();
				assertThat(restored.getLease()).isEqualTo(lease);
			});
			await().untilAsserted(() -> assertThat(this.events).extracting(RegistrationEvent::type)
				.contains(Type.RESTORED));
		}
	}

	@Test
	void renewalsCutOffPastTheTtlLeadToANewLeaseAndTheSameInstances(EtcdCluster etcd) throws Exception {
		try (TcpProxy proxy = new TcpProxy(etcd.endpoints().get(0));
				EtcdConnection cutOff = TestConnections.connectThrough(proxy, etcd, this.namespace);
				ServiceRegistry registry = ServiceRegistry.of(cutOff, RegistryOptions.defaults()
					.withTtl(Duration.ofSeconds(2)))) {
			registry.addListener(this.events::add);
			registry.register(ServiceInstance.of("orders", "o-1", "h", 1));
			long original = registry.leaseId().orElseThrow();

			proxy.cut();
			await().atMost(Duration.ofSeconds(15)).until(() -> peerGet("/services/orders/o-1") == null);
			proxy.restore();

			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				KeyValue back = peerGet("/services/orders/o-1");
				assertThat(back).isNotNull();
				assertThat(back.getLease()).isNotEqualTo(original);
			});
			await().untilAsserted(() -> assertThat(this.events).extracting(RegistrationEvent::type)
				.contains(Type.LEASE_LOST, Type.REREGISTERED));
		}
	}

	@Test
	void aRegistrationMadeWhileEtcdIsUnreachableIsWrittenOnceItAnswers(EtcdCluster etcd) throws Exception {
		try (TcpProxy proxy = new TcpProxy(etcd.endpoints().get(0));
				EtcdConnection cutOff = TestConnections.connectThrough(proxy, etcd, this.namespace);
				ServiceRegistry registry = ServiceRegistry.of(cutOff)) {
			registry.addListener(this.events::add);
			proxy.cut();
			registry.register(ServiceInstance.of("orders", "late", "h", 1));
			await().untilAsserted(() -> assertThat(this.events).extracting(RegistrationEvent::type)
				.contains(Type.RETRYING));
			assertThat(peerGet("/services/orders/late")).isNull();
			proxy.restore();
			await().atMost(Duration.ofSeconds(30)).until(() -> peerGet("/services/orders/late") != null);
			await().untilAsserted(() -> assertThat(this.events).extracting(RegistrationEvent::type)
				.containsExactly(Type.RETRYING, Type.REGISTERED));
		}
	}

	@Test
	void aDeregistrationWhileEtcdIsUnreachableReachesEtcdOnceItAnswers(EtcdCluster etcd) throws Exception {
		try (TcpProxy proxy = new TcpProxy(etcd.endpoints().get(0));
				EtcdConnection cutOff = TestConnections.connectThrough(proxy, etcd, this.namespace);
				ServiceRegistry registry = ServiceRegistry.of(cutOff)) {
			registry.register(ServiceInstance.of("orders", "leaving", "h", 1));
			registry.register(ServiceInstance.of("orders", "staying", "h", 2));
			proxy.cut();
			assertThat(registry.deregister("orders", "leaving")).isTrue();
			assertThat(registry.registrations()).extracting(ServiceInstance::instanceId).containsExactly("staying");
			assertThat(peerGet("/services/orders/leaving")).as("still there while cut off").isNotNull();
			proxy.restore();
			await().atMost(Duration.ofSeconds(30)).until(() -> peerGet("/services/orders/leaving") == null);
			assertThat(peerGet("/services/orders/staying")).isNotNull();
		}
	}

	@Test
	void namesThatWouldBreakTheKeyLayoutAreRejectedNamingTheValue() {
		assertThatThrownBy(() -> ServiceInstance.of("a/b", "1", "h", 1)).hasMessageContaining("'a/b'")
			.hasMessageContaining("'/'");
		assertThatThrownBy(() -> ServiceInstance.of("orders", "has space", "h", 1))
			.hasMessageContaining("'has space'");
		assertThatThrownBy(() -> ServiceInstance.of("", "1", "h", 1)).hasMessageContaining("service name is empty");
	}

	@Test
	void metadataLargerThanEtcdAcceptsIsRejectedBeforeSending() throws Exception {
		try (ServiceRegistry registry = registry(Duration.ofSeconds(10))) {
			ServiceInstance huge = ServiceInstance.of("orders", "big", "h", 1)
				.withMetadata(Map.of("blob", "x".repeat(2 * 1024 * 1024)));
			assertThatThrownBy(() -> registry.register(huge))
				.isInstanceOfSatisfying(EtcdRegistryException.class,
						ex -> assertThat(ex.reason()).isEqualTo(Reason.TOO_LARGE))
				.hasMessageContaining("'big'")
				.hasMessageContaining("'orders'");
			assertThat(registry.registrations()).isEmpty();
			assertThat(peerGet("/services/orders/big")).isNull();
		}
	}

}
