package dev.etcdregistry.resilience;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.LeaseOption;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigChangeEvent;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.config.ConfigWatch;
import dev.etcdregistry.registry.RegistryOptions;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a typical application holds on one authenticated connection — a registration kept
 * alive by a lease, a discovery cache, a config prefix watch — and the checks that prove all
 * of it still works after etcd forgot or never knew the connection's auth token. Every check
 * goes through etcd itself (a separate root client), never through the app's own view alone.
 */
final class AuthApp implements AutoCloseable {

	static final Duration RECOVERY = Duration.ofSeconds(45);

	final String namespace;

	final EtcdConnection connection;

	final ServiceRegistry registry;

	final ServiceDiscovery discovery;

	final ConfigStore store;

	final ConfigWatch watch;

	final List<ConfigChangeEvent> configEvents = new CopyOnWriteArrayList<>();

	AuthApp(EtcdCluster etcd) {
		this.namespace = TestConnections.randomNamespace();
		this.connection = TestConnections.connect(etcd, this.namespace);
		this.registry = ServiceRegistry.of(this.connection, RegistryOptions.defaults().withTtl(Duration.ofSeconds(3)));
		this.discovery = ServiceDiscovery.of(this.connection);
		this.store = ConfigStore.of(this.connection);
		this.watch = this.store.watchPrefix("/config/app/", this.configEvents::add);
		this.registry.register(ServiceInstance.of("orders", "mine", "10.0.0.1", 8080));
		this.store.put("/config/app/greeting", "hello");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.watch.value("/config/app/greeting").isPresent()
				&& this.discovery.instances("orders").size() == 1);
	}

	/**
	 * Proves that the app works again: a change made by someone else now reaches the config
	 * watch and discovery, the app's own registration is in etcd under a live lease, and the
	 * app can write and read. Returns how long that took.
	 * @param round tells this round's values apart from earlier ones
	 */
	Duration assertRecovered(EtcdCluster etcd, String round) throws Exception {
		long start = System.nanoTime();
		try (Client peer = etcd.newClient()) {
			put(peer, "/config/app/greeting", "hello-" + round);
			put(peer, "/services/orders/peer-" + round, "{\"host\":\"10.0.1.1\",\"port\":9090}");
			await().atMost(RECOVERY).untilAsserted(() -> {
				assertThat(this.watch.value("/config/app/greeting")).contains("hello-" + round);
				assertThat(this.discovery.instances("orders")).extracting(ServiceInstance::instanceId)
					.contains("mine", "peer-" + round);
			});
			await().atMost(RECOVERY).untilAsserted(() -> {
				List<KeyValue> kvs = get(peer, "/services/orders/mine");
				assertThat(kvs).as("the app's registration in etcd").hasSize(1);
				long lease = kvs.get(0).getLease();
				assertThat(lease).isNotZero();
				assertThat(peer.getLeaseClient().timeToLive(lease, LeaseOption.DEFAULT).get(10, TimeUnit.SECONDS).getTTL()).isPositive();
			});
			await().atMost(RECOVERY).ignoreExceptions().untilAsserted(() -> {
				this.store.put("/config/app/written-by-app", round);
				assertThat(this.store.get("/config/app/written-by-app")).contains(round);
			});
			assertThat(get(peer, "/config/app/written-by-app")).singleElement()
				.extracting(kv -> kv.getValue().toString(StandardCharsets.UTF_8))
				.isEqualTo(round);
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

	/** What the config watch holds equals what etcd holds under the prefix. */
	void assertConfigExact(EtcdCluster etcd) throws Exception {
		try (Client peer = etcd.newClient()) {
			await().atMost(RECOVERY).untilAsserted(() -> {
				Map<String, String> inEtcd = new java.util.TreeMap<>();
				get(peer, "/config/app/", true).forEach(kv -> inEtcd.put(
						kv.getKey().toString(StandardCharsets.UTF_8).substring(this.namespace.length()),
						kv.getValue().toString(StandardCharsets.UTF_8)));
				assertThat(this.watch.values()).isEqualTo(inEtcd);
			});
		}
	}

	void put(Client peer, String key, String value) throws Exception {
		peer.getKVClient().put(bytes(this.namespace + key), bytes(value)).get(10, TimeUnit.SECONDS);
	}

	List<KeyValue> get(Client peer, String key) throws Exception {
		return get(peer, key, false);
	}

	List<KeyValue> get(Client peer, String key, boolean prefix) throws Exception {
		return peer.getKVClient()
			.get(bytes(this.namespace + key), io.etcd.jetcd.options.GetOption.builder().isPrefix(prefix).build())
			.get(10, TimeUnit.SECONDS)
			.getKvs();
	}

	static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		this.watch.close();
		this.discovery.close();
		this.registry.close();
		this.connection.close();
	}

}
