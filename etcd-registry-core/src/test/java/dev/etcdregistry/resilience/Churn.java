package dev.etcdregistry.resilience;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import dev.etcdregistry.client.EtcdConnection;
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
 * Scenario 10's load, shared by {@link ChurnIntegrationTests} (a minute) and {@link ChurnSoak}
 * (as long as asked): {@value #INSTANCES} instances of service {@code churn} registered and
 * deregistered at random by {@value #REGISTRIES} registries on connections of their own, and
 * {@value #CONFIG_KEYS} config keys written about 20 times a second, observed by one discovery
 * and one config watch on a separate connection. After each round the writers stop and the
 * observers must match a fresh read of etcd exactly.
 */
final class Churn implements AutoCloseable {

	static final int INSTANCES = 100;

	static final int REGISTRIES = 4;

	static final int CONFIG_KEYS = 5;

	/** One round's numbers; heap is measured after a full GC. */
	record Round(long ops, long lagMillis, int cacheSize, int threads, long heapAfterGcBytes) {
	}

	private final List<EtcdConnection> connections = new ArrayList<>();

	private final List<ServiceRegistry> registries = new ArrayList<>();

	private final ConfigStore configWriter;

	private final EtcdConnection observer;

	private final ServiceDiscovery discovery;

	private final ConfigWatch watch;

	private final Map<String, String> lastWritten = new ConcurrentHashMap<>();

	private final AtomicLong configCounter = new AtomicLong();

	Churn(EtcdCluster etcd) {
		String namespace = TestConnections.randomNamespace();
		for (int i = 0; i < REGISTRIES; i++) {
			EtcdConnection connection = TestConnections.connect(etcd, namespace);
			this.connections.add(connection);
			this.registries.add(ServiceRegistry.of(connection, RegistryOptions.defaults().withTtl(Duration.ofSeconds(5))));
		}
		EtcdConnection writer = TestConnections.connect(etcd, namespace);
		this.connections.add(writer);
		this.configWriter = ConfigStore.of(writer);
		this.observer = TestConnections.connect(etcd, namespace);
		this.connections.add(this.observer);
		this.discovery = ServiceDiscovery.of(this.observer);
		this.watch = ConfigStore.of(this.observer).watchPrefix("/config/churn/", event -> {
		});
	}

	/** Churns for {@code length}, stops, and checks that the observers caught up exactly. */
	Round run(Duration length) throws InterruptedException {
		AtomicLong ops = new AtomicLong();
		long end = System.nanoTime() + length.toNanos();
		List<Thread> threads = new ArrayList<>();
		for (int r = 0; r < REGISTRIES; r++) {
			int index = r;
			threads.add(start("churn-registry-" + r, () -> {
				ServiceRegistry registry = this.registries.get(index);
				int per = INSTANCES / REGISTRIES;
				while (System.nanoTime() < end) {
					String id = "i-" + (index * per + ThreadLocalRandom.current().nextInt(per));
					if (!registry.deregister("churn", id)) {
						registry.register(ServiceInstance.of("churn", id, "10.0.0." + index,
								8000 + ThreadLocalRandom.current().nextInt(1000)));
					}
					ops.incrementAndGet();
				}
			}));
		}
		threads.add(start("churn-config", () -> {
			while (System.nanoTime() < end) {
				long n = this.configCounter.incrementAndGet();
				String key = "/config/churn/k" + (n % CONFIG_KEYS);
				this.configWriter.put(key, "v" + n);
				this.lastWritten.put(key, "v" + n);
				ops.incrementAndGet();
				sleep(50);
			}
		}));
		for (Thread thread : threads) {
			thread.join();
		}
		long stopped = System.nanoTime();
		assertObserversExact();
		long lag = Duration.ofNanos(System.nanoTime() - stopped).toMillis();
		return new Round(ops.get(), lag, this.discovery.instances("churn").size(), liveThreads(), heapAfterGc());
	}

	/** Discovery equals a fresh read of etcd and what the registries hold; the config watch equals the last writes. */
	void assertObserversExact() {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
			Set<String> inEtcd = new TreeSet<>();
			ConfigStore.of(this.observer).getPrefix("/services/churn/").values().keySet()
				.forEach(key -> inEtcd.add(key.substring("/services/churn/".length())));
			Set<String> registered = new TreeSet<>();
			this.registries.forEach(registry -> registry.registrations()
				.forEach(instance -> registered.add(instance.instanceId())));
			Map<String, ServiceInstance> cached = new TreeMap<>();
			this.discovery.instances("churn").forEach(instance -> cached.put(instance.instanceId(), instance));
			assertThat(cached.keySet()).isEqualTo(inEtcd).isEqualTo(registered);
			this.registries.forEach(registry -> registry.registrations()
				.forEach(instance -> assertThat(cached.get(instance.instanceId())).isEqualTo(instance)));
			assertThat(this.watch.values()).isEqualTo(this.lastWritten);
			assertThat(ConfigStore.of(this.observer).getPrefix("/config/churn/").values()).isEqualTo(this.lastWritten);
		});
	}

	private static Thread start(String name, Runnable work) {
		Thread thread = new Thread(work, name);
		thread.start();
		return thread;
	}

	/**
	 * Live threads, not counting idle workers of the two cached pools (etcd-registry's event
	 * pools and gRPC's shared executor): those wait in {@code ThreadPoolExecutor.getTask} for 60 s
	 * after the busiest moment and then end, so they follow the load (which grows from round to
	 * round as the JIT warms up), not a leak. Every other thread counts, idle or not: a registry,
	 * scheduler or connection left behind per operation would show.
	 */
	static int liveThreads() {
		return (int) Thread.getAllStackTraces()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().isAlive() && !isIdleCachedPoolWorker(entry.getKey(), entry.getValue()))
			.count();
	}

	private static boolean isIdleCachedPoolWorker(Thread thread, StackTraceElement[] stack) {
		String name = thread.getName();
		if (!name.startsWith(EtcdConnection.THREAD_NAME_PREFIX + "event-") && !name.startsWith("grpc-default-executor-")) {
			return false;
		}
		return Arrays.stream(stack)
			.anyMatch((frame) -> frame.getClassName().equals("java.util.concurrent.ThreadPoolExecutor")
					&& frame.getMethodName().equals("getTask"));
	}

	static long heapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
			sleep(100);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.watch.close();
		this.discovery.close();
		this.registries.forEach(ServiceRegistry::close);
		this.connections.forEach(EtcdConnection::close);
	}

}
