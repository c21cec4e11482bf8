package dev.etcdregistry.resilience;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigChange;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.config.ConfigWatch;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.test.CuttableProxy;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.test.LeakCheck;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Everything at once on one connection, for many rounds: the connection is cut (sometimes
 * right after a watch's "created" response), stalled (open but silent, so watch start
 * deadlines fire), its etcd killed and restarted, watches are opened and closed all along, and
 * listeners throw — while a writer keeps changing keys. In the end: no thread was ever
 * deadlocked, the caches (and what the listeners built from their events) are exactly what a
 * fresh read of etcd says, and closing everything leaves no thread and no etcd watcher behind.
 */
@EtcdTest
@Timeout(180)
class WatchStressIntegrationTests {

	private static final Duration CHAOS = Duration.ofSeconds(60);

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final int CONFIG_KEYS = 30;

	private static final int SERVICES = 4;

	private static final int INSTANCES = 6;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final List<String> deadlocks = new ArrayList<>();

	private final AtomicLong sequence = new AtomicLong();

	@Test
	void outagesStallsClosesAndFailingListenersEndExactWithoutDeadlockOrLeak(EtcdCluster etcd) throws Exception {
		LeakCheck leaks = LeakCheck.start(etcd);
		String namespace = TestConnections.randomNamespace();
		Map<String, Integer> counts = new ConcurrentHashMap<>();
		AtomicLong configEvents = new AtomicLong();
		AtomicLong serviceEvents = new AtomicLong();
		int peakThreads;
		try (CuttableProxy proxy = CuttableProxy.to(etcd.endpoints().get(0));
				EtcdConnection direct = TestConnections.connect(etcd, namespace);
				EtcdConnection connection = EtcdConnection.connect(TestConnections.settingsThrough(proxy.endpoint(), etcd, namespace)
					.requestTimeout(Duration.ofSeconds(1))
					.build())) {
			ConfigStore writerStore = ConfigStore.of(direct);
			ConfigStore store = ConfigStore.of(connection);
			Map<String, String> seenConfig = new ConcurrentSkipListMap<>();
			Map<String, List<ServiceInstance>> seenServices = new ConcurrentHashMap<>();
			List<long[]> delivered = new java.util.concurrent.CopyOnWriteArrayList<>(); // revision, resync
			try (ServiceDiscovery discovery = ServiceDiscovery.of(connection);
					ConfigWatch watch = store.watchPrefix("/config/stress/", event -> {
						delivered.add(new long[] { event.revision(), event.resync() ? 1 : 0 });
						event.changes().forEach(change -> apply(seenConfig, change));
						if (configEvents.incrementAndGet() % 5 == 0) {
							throw new IllegalStateException("listener failure on purpose");
						}
					})) {
				long startRevision = watch.revision();
				discovery.addListener(event -> {
					seenServices.put(event.serviceName(), event.instances());
					if (serviceEvents.incrementAndGet() % 7 == 0) {
						throw new IllegalStateException("listener failure on purpose");
					}
				});
				Thread writer = start("stress-writer", () -> write(writerStore, counts));
				Thread churn = start("stress-churn", () -> churn(store, counts));
				peakThreads = chaos(etcd, proxy, counts);
				this.running.set(false);
				proxy.resume();
				writer.join(TimeUnit.SECONDS.toMillis(30));
				churn.join(TimeUnit.SECONDS.toMillis(30));
				assertThat(writer.isAlive() || churn.isAlive()).as("writer and churn stopped").isFalse();
				assertThat(this.deadlocks).as("deadlocked threads seen during the run").isEmpty();

				long marker = writerStore.put("/config/stress/marker", "end");
				await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
					Map<String, String> truth = new TreeMap<>(writerStore.getAll("/config/stress/"));
					assertThat(watch.revision()).isGreaterThanOrEqualTo(marker);
					assertThat(watch.values()).isEqualTo(truth);
					assertThat(seenConfig).isEqualTo(truth);
					for (int s = 0; s < SERVICES; s++) {
						String service = "svc-" + s;
						Map<String, String> instances = writerStore.getAll("/services/" + service + "/");
						assertThat(ids(discovery.instances(service))).as(service).isEqualTo(ids(instances));
						assertThat(ids(seenServices.getOrDefault(service, List.of()))).as("listener of " + service)
							.isEqualTo(ids(instances));
					}
				});
				assertThat(deadlockedThreads()).isEmpty();
				assertThat(gaps(etcd, namespace, startRevision, marker, delivered))
					.as("revisions of /config/stress/ the watch skipped without a re-read").isEmpty();
			}
		}
		System.out.printf("[figure] watch stress: %s, %d config / %d service events, peak %d etcd-registry threads%n",
				new TreeMap<>(counts), configEvents.get(), serviceEvents.get(), peakThreads);
		assertThat(counts.getOrDefault("cut", 0) + counts.getOrDefault("stall", 0)).isGreaterThan(10);
		assertThat(counts.getOrDefault("watch closed", 0)).isGreaterThan(10);
		leaks.assertNothingLeft();
	}

	/** Runs the faults until {@link #CHAOS} is over; returns the peak number of our threads. */
	private int chaos(EtcdCluster etcd, CuttableProxy proxy, Map<String, Integer> counts) throws Exception {
		long end = System.nanoTime() + CHAOS.toNanos();
		int peak = 0;
		int round = 0;
		while (System.nanoTime() < end) {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			round++;
			int fault = (round % 15 == 0) ? 3 : random.nextInt(3);
			switch (fault) {
				case 0 -> {
					proxy.cut();
					Thread.sleep(random.nextLong(200, 1500));
					if (random.nextBoolean()) {
						// the watches come back from an old revision: cut again right after "created"
						cutAfterCreated(proxy, counts);
					}
					proxy.resume();
					counts.merge("cut", 1, Integer::sum);
				}
				case 1 -> {
					proxy.stall(); // longer than the request timeout: start deadlines fire
					Thread.sleep(random.nextLong(1200, 2500));
					proxy.resume();
					counts.merge("stall", 1, Integer::sum);
				}
				case 2 -> {
					cutAfterCreated(proxy, counts);
					Thread.sleep(random.nextLong(100, 500));
					proxy.resume();
				}
				default -> {
					etcd.node(0).kill();
					Thread.sleep(random.nextLong(300, 1000));
					etcd.node(0).start();
					counts.merge("etcd killed", 1, Integer::sum);
				}
			}
			Thread.sleep(random.nextLong(100, 700));
			List<String> stuck = deadlockedThreads();
			if (!stuck.isEmpty()) {
				this.deadlocks.addAll(stuck);
				proxy.resume();
				break;
			}
			peak = Math.max(peak, ourThreads());
		}
		counts.put("rounds", round);
		return peak;
	}

	private static void cutAfterCreated(CuttableProxy proxy, Map<String, Integer> counts) throws Exception {
		java.util.concurrent.CompletableFuture<Void> cut = proxy.cutAfter(CuttableProxy.Direction.TO_CLIENT,
				CuttableProxy.watchCreated());
		proxy.resume();
		try {
			cut.get(5, TimeUnit.SECONDS);
			counts.merge("cut after created", 1, Integer::sum);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			proxy.cutAfter(CuttableProxy.Direction.TO_CLIENT, message -> false); // disarm
		}
	}

	private void write(ConfigStore store, Map<String, Integer> counts) {
		while (this.running.get()) {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			try {
				if (random.nextBoolean()) {
					String key = "/config/stress/k" + random.nextInt(CONFIG_KEYS);
					if (random.nextInt(4) == 0) {
						store.delete(key);
					}
					else {
						store.put(key, "v" + this.sequence.incrementAndGet());
					}
				}
				else {
					String key = "/services/svc-" + random.nextInt(SERVICES) + "/i-" + random.nextInt(INSTANCES);
					if (random.nextInt(3) == 0) {
						store.delete(key);
					}
					else {
						store.put(key, "{\"host\":\"10.0.0.1\",\"port\":" + (1000 + this.sequence.incrementAndGet() % 60000)
								+ "}");
					}
				}
				counts.merge("writes", 1, Integer::sum);
				Thread.sleep(2);
			}
			catch (RuntimeException ex) {
				counts.merge("failed writes", 1, Integer::sum); // etcd killed meanwhile
				sleep(50);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/** Opens and closes watches all along, some with listeners that always throw. */
	private void churn(ConfigStore store, Map<String, Integer> counts) {
		while (this.running.get()) {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			try (ConfigWatch watch = store.watchPrefix("/config/stress/", event -> {
				if (random.nextBoolean()) {
					throw new IllegalStateException("listener failure on purpose");
				}
			})) {
				sleep(random.nextLong(0, 300));
			}
			catch (RuntimeException ex) {
				counts.merge("watch open failed", 1, Integer::sum); // cut or stalled meanwhile
				sleep(50);
				continue;
			}
			counts.merge("watch closed", 1, Integer::sum);
		}
	}

	/**
	 * Revisions that changed the prefix (etcd's history, read by a fresh watch) but were neither
	 * delivered nor covered by a re-read: a change delivered at revision R after one at P must
	 * not have skipped a revision between them, unless it is a re-read (which covers them).
	 */
	private static List<Long> gaps(EtcdCluster etcd, String namespace, long from, long to, List<long[]> delivered)
			throws Exception {
		java.util.SortedSet<Long> history = new java.util.concurrent.ConcurrentSkipListSet<>();
		io.etcd.jetcd.ByteSequence prefix = io.etcd.jetcd.ByteSequence.from(namespace + "/config/stress/",
				java.nio.charset.StandardCharsets.UTF_8);
		try (io.etcd.jetcd.Client client = etcd.newClient();
				io.etcd.jetcd.Watch.Watcher watcher = client.getWatchClient()
					.watch(prefix, io.etcd.jetcd.options.WatchOption.builder().isPrefix(true).withRevision(from + 1).build(),
							response -> response.getEvents()
								.forEach(event -> history.add(event.getKeyValue().getModRevision())))) {
			await().atMost(Duration.ofSeconds(30)).until(() -> !history.isEmpty() && history.last() >= to);
		}
		List<Long> gaps = new ArrayList<>();
		long previous = from;
		for (long[] event : delivered) {
			if (event[1] == 0) {
				history.subSet(previous + 1, event[0]).forEach(gaps::add);
			}
			previous = Math.max(previous, event[0]);
		}
		return gaps;
	}

	private static void apply(Map<String, String> values, ConfigChange change) {
		if (change.type() == ConfigChange.Type.DELETE) {
			values.remove(change.key());
		}
		else {
			values.put(change.key(), change.newValue());
		}
	}

	private static Map<String, Integer> ids(List<ServiceInstance> instances) {
		Map<String, Integer> ids = new TreeMap<>();
		instances.forEach(instance -> ids.put(instance.instanceId(), instance.port()));
		return ids;
	}

	private static Map<String, Integer> ids(Map<String, String> values) {
		Map<String, Integer> ids = new TreeMap<>();
		values.forEach((key, json) -> ids.put(key.substring(key.lastIndexOf('/') + 1),
				Integer.parseInt(json.replaceAll(".*\"port\":(\\d+).*", "$1"))));
		return ids;
	}

	private static List<String> deadlockedThreads() {
		long[] ids = THREADS.findDeadlockedThreads();
		List<String> names = new ArrayList<>();
		if (ids != null) {
			for (ThreadInfo info : THREADS.getThreadInfo(ids, 30)) {
				names.add(info.toString());
			}
		}
		return names;
	}

	private static int ourThreads() {
		AtomicInteger count = new AtomicInteger();
		Thread.getAllStackTraces().keySet().forEach(thread -> {
			if (thread.getName().startsWith(EtcdConnection.THREAD_NAME_PREFIX)) {
				count.incrementAndGet();
			}
		});
		return count.get();
	}

	private static Thread start(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
