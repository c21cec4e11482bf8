package dev.etcdregistry.resilience;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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

/**
 * The application of the cluster fault tests, doing what a real one does all at once on one
 * connection to all three nodes: two instances registered under a 3 s lease, a prefix and a
 * single-key config watch, discovery of its own service, and a loop that keeps writing config
 * keys (counting failures, retrying). It records when writes succeed and when the watch sees
 * them, so a test can measure recovery from a fault, and checks the exact end state against
 * a separate jetcd client.
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

	/** Write attempt number to when it succeeded / when the watch delivered it. */
	private final NavigableMap<Long, Long> written = new ConcurrentSkipListMap<>();

	private final NavigableMap<Long, Long> delivered = new ConcurrentSkipListMap<>();

	private final AtomicLong attempts = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final Thread writer;

	private volatile boolean writing = true;

	private volatile boolean instanceMissed;

	private long faultNanos;

	private long faultAttempt;

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
		this.writer = new Thread(this::writeLoop, "fleet-app-writer");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	private void writeLoop() {
		while (this.writing) {
			long attempt = this.attempts.incrementAndGet();
			try {
				this.store.put(CONFIG + "k" + (attempt % KEYS), "v" + attempt);
				this.written.put(attempt, System.nanoTime());
				pause(20);
			}
			catch (EtcdRegistryException ex) {
				this.failures.incrementAndGet();
				pause(50);
			}
		}
	}

	private void heard(ConfigChangeEvent event) {
		long now = System.nanoTime();
		for (ConfigChange change : event.changes()) {
			if (change.newValue() == null) {
				this.heard.remove(change.key());
				continue;
			}
			this.heard.put(change.key(), change.newValue());
			if (change.newValue().startsWith("v")) {
				this.delivered.putIfAbsent(Long.parseLong(change.newValue().substring(1)), now);
			}
		}
	}

	/** Notes that a fault happens now: writes started from here on measure the recovery. */
	synchronized void fault() {
		this.faultNanos = System.nanoTime();
		this.faultAttempt = this.attempts.get() + 1;
		this.instanceMissed = false;
	}

	/** Time from {@link #fault()} to the first write started after it that succeeded. */
	synchronized Duration writeRecovery() {
		return since(this.written.tailMap(this.faultAttempt).values().stream().min(Long::compare).orElseThrow());
	}

	/** Time from {@link #fault()} to the watch delivering a write started after it. */
	synchronized Duration watchRecovery() {
		return since(this.delivered.tailMap(this.faultAttempt).values().stream().min(Long::compare).orElseThrow());
	}

	synchronized Duration since(long nanos) {
		return Duration.ofNanos(nanos - this.faultNanos);
	}

	/** Whether writes started after the fault have succeeded and been delivered by the watch. */
	synchronized boolean recovered() {
		return !this.written.tailMap(this.faultAttempt).isEmpty() && !this.delivered.tailMap(this.faultAttempt).isEmpty();
	}

	long failures() {
		return this.failures.get();
	}

	/** Whether discovery showed fewer than both instances at some point since the fault. */
	boolean instanceMissed() {
		return this.instanceMissed;
	}

	/** Stops the write loop and gives every key a last value; {@code etcd} must be writable. */
	Map<String, String> finish() throws InterruptedException {
		this.writing = false;
		this.writer.join(10_000);
		Map<String, String> last = new TreeMap<>();
		for (int i = 0; i < KEYS; i++) {
			last.put(CONFIG + "k" + i, "final-" + i);
			this.store.put(CONFIG + "k" + i, "final-" + i);
		}
		return last;
	}

	/** Config: the watch, its listener and a fresh read agree, on exactly {@code expected}. */
	void assertConfig(Client peer, Map<String, String> expected) throws Exception {
		Map<String, String> fresh = read(peer, CONFIG).entrySet()
			.stream()
			.collect(java.util.stream.Collectors.toMap(e -> e.getKey(), e -> e.getValue().getValue()
				.toString(StandardCharsets.UTF_8), (x, y) -> x, TreeMap::new));
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
	long assertRegistered(Client peer) throws Exception {
		Map<String, KeyValue> keys = read(peer, "/services/");
		assertThat(keys).containsOnlyKeys("/services/fleet/a", "/services/fleet/b");
		long lease = this.registry.leaseId().orElseThrow();
		assertThat(keys.values()).allSatisfy(kv -> assertThat(kv.getLease()).isEqualTo(lease));
		assertThat(peer.getLeaseClient().timeToLive(lease, LeaseOption.DEFAULT).get(5, TimeUnit.SECONDS).getTTL())
			.isPositive();
		assertThat(this.discovery.instances(SERVICE)).extracting(ServiceInstance::instanceId).containsExactly("a", "b");
		return lease;
	}

	/** Every key below {@code prefix} of this app's namespace, as etcd has it now, by key without the namespace. */
	Map<String, KeyValue> read(Client peer, String prefix) throws Exception {
		List<KeyValue> kvs = peer.getKVClient()
			.get(bytes(this.namespace + prefix), GetOption.builder().isPrefix(true).build())
			.get(5, TimeUnit.SECONDS)
			.getKvs();
		Map<String, KeyValue> byKey = new TreeMap<>();
		kvs.forEach(kv -> byKey.put(kv.getKey().toString(StandardCharsets.UTF_8)
			.substring(this.namespace.length()), kv));
		return byKey;
	}

	static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

	static void figure(String what, Duration duration) {
		System.out.printf("[figure] %s: %d ms%n", what, duration.toMillis());
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.writing = false;
		this.writer.join(10_000);
		this.keyWatch.close();
		this.prefixWatch.close();
		this.discovery.close();
		this.registry.close();
		this.connection.close();
	}

}
