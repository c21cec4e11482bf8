package dev.etcdregistry.benchmarks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.ServiceDiscovery;
import io.etcd.jetcd.Client;

/**
 * Figure 7: registrations and deregistrations from two other (raw jetcd) clients at a target
 * rate, spread over 50 services, for a fixed time. Lag = from the writer's future completing to
 * the discovery's listener hearing the change (listeners run right after the cache is updated, so
 * this slightly overstates the cache's own lag; an event that arrives before the writer's future
 * completes counts as 0). Heap after GC and thread count of the observing process are taken
 * before and after the churn.
 */
final class ChurnHarness {

	private static final int TARGET_PER_SECOND = 500;

	private final Bench bench;

	private final Map<String, Long> done = new ConcurrentHashMap<>();

	private final Map<String, Long> seen = new ConcurrentHashMap<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger completed = new AtomicInteger();

	private final AtomicInteger skipped = new AtomicInteger();

	private int missing;

	private int early;

	ChurnHarness(Bench bench) {
		this.bench = bench;
	}

	void run() throws Exception {
		int seconds = this.bench.quick ? 5 : 25;
		try (EtcdConnection connection = this.bench.connect();
				ServiceDiscovery discovery = ServiceDiscovery.of(connection)) {
			discovery.addListener((event) -> {
				long now = System.nanoTime();
				event.added().forEach((instance) -> this.seen.putIfAbsent("put " + instance.instanceId(), now));
				event.removed().forEach((instance) -> this.seen.putIfAbsent("del " + instance.instanceId(), now));
			});
			Bench.sleep(1000);
			long heapBefore = Bench.usedHeapAfterGc();
			Map<String, Integer> threadsBefore = threadGroups();
			double elapsed = churn(seconds);
			Bench.sleep(3000);
			Map<String, Integer> threadsAfter = threadGroups();
			// the harness's own bookkeeping (two maps of ~25,000 entries) must not count as the cache's growth
			Stats lag = lagStats();
			this.done.clear();
			this.seen.clear();
			long heapAfter = Bench.usedHeapAfterGc();
			Map<String, Integer> threadsIdle = null;
			if (!this.bench.quick) {
				// gRPC's shared executor and our event pool are cached pools: idle threads end after 60 s
				Bench.sleep(65_000);
				threadsIdle = threadGroups();
			}
			report(lag, elapsed, heapBefore, heapAfter, threadsBefore, threadsAfter);
			if (threadsIdle != null) {
				this.bench.report.note("7. Threads of the observer 65 s after the churn, once the cached pools (gRPC's shared "
						+ "grpc-default-executor, shared by every channel in the JVM, and our etcd-registry-event pool) "
						+ "idled out; fewer than 'before', which still held idle pool threads of earlier figures: "
						+ total(threadsIdle) + " " + threadsIdle + "; heap after GC then "
						+ String.format("%.1f MiB.", Bench.usedHeapAfterGc() / 1048576.0));
			}
		}
	}

	/** Writes from two raw clients (closed before returning) for {@code seconds}; returns the elapsed seconds. */
	private double churn(int seconds) throws Exception {
		try (Client writerA = this.bench.rawClient(); Client writerB = this.bench.rawClient()) {
			writerA.getKVClient().get(EtcdConnection.bytes("/warmup")).get(5, TimeUnit.SECONDS);
			writerB.getKVClient().get(EtcdConnection.bytes("/warmup")).get(5, TimeUnit.SECONDS);
			ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
			ArrayDeque<String> live = new ArrayDeque<>();
			AtomicInteger counter = new AtomicInteger();
			int perTick = TARGET_PER_SECOND / 100;
			long start = System.nanoTime();
			ticker.scheduleAtFixedRate(() -> {
				if (this.inFlight.get() > 2_000) {
					this.skipped.incrementAndGet();
					return;
				}
				for (int i = 0; i < perTick; i++) {
					int n = counter.getAndIncrement();
					String id = "c" + n;
					write((n % 2 == 0) ? writerA : writerB, "put " + id, key(n), json(n));
					live.add(n + "");
					if (live.size() > 200) {
						int old = Integer.parseInt(live.poll());
						write((old % 2 == 0) ? writerB : writerA, "del c" + old, key(old), null);
					}
				}
			}, 0, 10, TimeUnit.MILLISECONDS);
			Bench.sleep(seconds * 1000L);
			ticker.shutdown();
			ticker.awaitTermination(5, TimeUnit.SECONDS);
			double elapsed = (System.nanoTime() - start) / 1e9;
			Bench.spinUntil(() -> this.inFlight.get() == 0, java.time.Duration.ofSeconds(30));
			return elapsed;
		}
	}

	/** Live threads by name with digits folded ("grpc-default-executor-N"), as a sorted map. */
	private static Map<String, Integer> threadGroups() {
		Map<String, Integer> groups = new java.util.TreeMap<>();
		Thread.getAllStackTraces().keySet().forEach((thread) -> groups.merge(thread.getName().replaceAll("\\d+", "N"), 1, Integer::sum));
		return groups;
	}

	private void write(Client client, String op, String key, String value) {
		this.inFlight.incrementAndGet();
		var future = (value != null)
				? client.getKVClient().put(EtcdConnection.bytes(key), EtcdConnection.bytes(value)).thenApply((r) -> r)
				: client.getKVClient().delete(EtcdConnection.bytes(key)).thenApply((r) -> r);
		future.whenComplete((response, error) -> {
			long now = System.nanoTime();
			this.inFlight.decrementAndGet();
			if (error == null) {
				this.done.put(op, now);
				this.completed.incrementAndGet();
			}
		});
	}

	private void report(Stats stats, double elapsed, long heapBefore, long heapAfter, Map<String, Integer> threadsBefore,
			Map<String, Integer> threadsAfter) {
		double rate = this.completed.get() / elapsed;
		this.bench.report.add(new Row(String.format("7. churn lag, write done → peer cache (%.0f writes/s reached, "
				+ "target %d reg + %d dereg/s)", rate, TARGET_PER_SECOND, TARGET_PER_SECOND), "ms", stats, null, null,
				"p99 ≤ 50", Bench.verdict(stats.p99() <= 50)));
		this.bench.report.note(String.format("7. %d writes completed in %.1f s (%.0f/s; target 1,000/s = 500 reg + 500 "
				+ "dereg), %d ticks skipped with > 2,000 writes in flight, %d changes never seen by the cache, %d seen "
				+ "before the writer's future completed (counted as 0). Observer process after the writers closed: heap "
				+ "after GC %.1f → %.1f MiB, threads %d → %d (by name: %s → %s). Lag is the etcd watch fan-out plus "
				+ "one executor hop; it does not grow with the cache size.",
				this.completed.get(), elapsed, rate, this.skipped.get(), this.missing, this.early, heapBefore / 1048576.0,
				heapAfter / 1048576.0, total(threadsBefore), total(threadsAfter), threadsBefore, threadsAfter));
	}

	private Stats lagStats() {
		List<Double> lags = new ArrayList<>();
		for (Map.Entry<String, Long> entry : this.done.entrySet()) {
			Long at = this.seen.get(entry.getKey());
			if (at == null) {
				this.missing++;
				continue;
			}
			double lag = Bench.millis(at - entry.getValue());
			if (lag < 0) {
				this.early++;
			}
			lags.add(Math.max(0, lag));
		}
		return Stats.of(lags);
	}

	private static int total(Map<String, Integer> groups) {
		return groups.values().stream().mapToInt(Integer::intValue).sum();
	}

	private static String key(int n) {
		return "/services/churn-" + (n % 50) + "/c" + n;
	}

	private static String json(int n) {
		return "{\"host\":\"10.2.0." + (n % 250) + "\",\"port\":" + (10000 + n % 1000) + "}";
	}

}
