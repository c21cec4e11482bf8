package dev.etcdregistry.resilience;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigChange;
import dev.etcdregistry.config.ConfigChangeEvent;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.config.ConfigWatch;
import dev.etcdregistry.registry.RegistrationEvent;
import dev.etcdregistry.registry.RegistryOptions;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application of the cluster fault tests, doing what a real one does all at once on one
 * connection to all three nodes: two instances registered under a 3 s lease, a prefix and a
 * single-key config watch, discovery of its own service, and a loop that keeps writing config
 * keys ({@link WriteLoop}, which measures recovery from a fault). It checks the exact end
 * state against a separate jetcd client.
 */
final class FleetApp implements AutoCloseable {

	static final Duration TTL = Duration.ofSeconds(3);

	static final String SERVICE = "fleet";

	static final String CONFIG = "/config/app/";

	private static final int KEYS = 3;

	/** A registration event and when it arrived ({@link System#nanoTime()}). */
	record Timed(RegistrationEvent event, long nanos) {
	}

	final String namespace = TestConnections.randomNamespace();

	final EtcdConnection connection;

	final ConfigStore store;

	final ServiceRegistry registry;

	final ServiceDiscovery discovery;

	final ConfigWatch prefixWatch;

	final ConfigWatch keyWatch;

	final List<Timed> registrationEvents = new CopyOnWriteArrayList<>();

	/** The prefix watch's values as its listener built them from events. */
	private final Map<String, String> heard = new ConcurrentHashMap<>();

	final WriteLoop writes;

	private volatile boolean instanceMissed;

	FleetApp(EtcdCluster etcd) {
		this.connection = EtcdConnection.connect(TestConnections.settings(etcd, this.namespace)
			.requestTimeout(Duration.ofSeconds(2))
			.build());
		this.store = ConfigStore.of(this.connection);
		this.registry = ServiceRegistry.of(this.connection, RegistryOptions.defaults().withTtl(TTL));
		this.registry.addListener(event -> this.registrationEvents.add(new Timed(event, System.nanoTime())));
		this.registry.register(ServiceInstance.of(SERVICE, "a", "10.0.0.1", 8080));
		this.registry.register(ServiceInstance.of(SERVICE, "b", "10.0.0.2", 8080));
		this.discovery = ServiceDiscovery.of(this.connection);
		this.discovery.addListener(SERVICE, event -> this.instanceMissed |= event.instances().size() < 2);
		this.prefixWatch = this.store.watchPrefix(CONFIG, this::heard);
		this.keyWatch = this.store.watch(CONFIG + "k0", event -> {
		});
		this.writes = new WriteLoop(this.store, CONFIG, KEYS);
	}

	private void heard(ConfigChangeEvent event) {
		for (ConfigChange change : event.changes()) {
			if (change.newValue() == null) {
				this.heard.remove(change.key());
				continue;
			}
			this.heard.put(change.key(), change.newValue());
			this.writes.delivered(change.newValue());
		}
	}

	/** Notes that a fault happens now: writes started from here on measure the recovery. */
	void fault() {
		this.instanceMissed = false;
		this.writes.fault();
	}

	boolean recovered() {
		return this.writes.recovered();
	}

	/** Whether discovery showed fewer than both instances at some point since the fault. */
	boolean instanceMissed() {
		return this.instanceMissed;
	}

	/** Stops the write loop and gives every key a last value; {@code etcd} must be writable. */
	Map<String, String> finish() throws InterruptedException {
		this.writes.close();
		Map<String, String> last = new TreeMap<>();
		for (int i = 0; i < KEYS; i++) {
			String key = CONFIG + "k" + i;
			last.put(key, "final-" + i);
			// a put may time out on a loaded machine even now; the application would retry it
			await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(EtcdRegistryException.class)
				.until(() -> this.store.put(key, last.get(key)) > 0);
		}
		return last;
	}

	/** Config: the watch, its listener and a fresh read agree, on exactly {@code expected}. */
	void assertConfig(Client peer, Map<String, String> expected) {
		Map<String, String> fresh = new TreeMap<>();
		read(peer, CONFIG).forEach((key, kv) -> fresh.put(key, kv.getValue().toString(StandardCharsets.UTF_8)));
		assertThat(fresh).isEqualTo(expected);
		assertThat(this.prefixWatch.values()).isEqualTo(fresh);
		assertThat(new TreeMap<>(this.heard)).isEqualTo(fresh);
		assertThat(this.keyWatch.value(CONFIG + "k0")).contains(fresh.get(CONFIG + "k0"));
	}

	/**
	 * Registry: exactly the two instance keys under /services/, both under the registry's
	 * current lease, which etcd says is alive; discovery lists exactly both.
	 * @return the lease
	 */
	long assertRegistered(Client peer) {
		Map<String, KeyValue> keys = read(peer, "/services/");
		assertThat(keys).containsOnlyKeys("/services/fleet/a", "/services/fleet/b");
		assertThat(this.registry.leaseId()).as("the registry's lease").isPresent();
		long lease = this.registry.leaseId().getAsLong();
		assertThat(keys.values()).allSatisfy(kv -> assertThat(kv.getLease()).isEqualTo(lease));
		assertThat(peerCall(() -> peer.getLeaseClient().timeToLive(lease, LeaseOption.DEFAULT)).getTTL()).isPositive();
		assertThat(this.discovery.instances(SERVICE)).extracting(ServiceInstance::instanceId).containsExactly("a", "b");
		return lease;
	}

	/** Every key below {@code prefix} of this app's namespace, as etcd has it now, by key without the namespace. */
	Map<String, KeyValue> read(Client peer, String prefix) {
		List<KeyValue> kvs = peerCall(() -> peer.getKVClient()
			.get(ByteSequence.from(this.namespace + prefix, StandardCharsets.UTF_8),
					GetOption.builder().isPrefix(true).build()))
			.getKvs();
		Map<String, KeyValue> byKey = new TreeMap<>();
		kvs.forEach(kv -> byKey.put(kv.getKey().toString(StandardCharsets.UTF_8)
			.substring(this.namespace.length()), kv));
		return byKey;
	}

	/**
	 * A call of the checking client, bounded; a failure is an assertion error so that an
	 * {@code untilAsserted} retries it while the cluster settles, and reports it if it persists.
	 */
	static <T> T peerCall(Supplier<CompletableFuture<T>> call) {
		try {
			return call.get().get(5, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new AssertionError("The checking client's call failed: " + ex, ex);
		}
	}

	static void figure(String what, Duration duration) {
		System.out.printf("[figure] %s: %d ms%n", what, duration.toMillis());
	}

	@Override
	public void close() throws InterruptedException {
		this.writes.close();
		this.keyWatch.close();
		this.prefixWatch.close();
		this.discovery.close();
		this.registry.close();
		this.connection.close();
	}

}
