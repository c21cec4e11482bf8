package dev.etcdregistry.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.etcdregistry.boot.config.EtcdConfigWatches;
import dev.etcdregistry.client.EtcdConnection;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Figure 9d: what other applications' config costs one application using
 * {@code spring.config.import=etcd:}: heap held by the running application (after GC, minus
 * the heap before it started), keys it imports, and CPU time this process spends while 1,000
 * keys of other applications change (minus the same writes with no application running), with
 * no other application and then with 1,000 other applications × 20 keys present.
 */
final class OtherAppsCost {

	private static final int OTHER_APPS = 1000;

	private static final int KEYS_PER_APP = 20;

	private static final int CHANGES = 1000;

	private final Bench bench;

	OtherAppsCost(Bench bench) {
		this.bench = bench;
	}

	void run() throws Exception {
		List<String> lines = new ArrayList<>();
		try (Client writer = this.bench.rawClient()) {
			lines.add(measure(writer, "no other application", 0));
			fill(writer);
			lines.add(measure(writer, String.format("%,d other applications × %d keys", OTHER_APPS, KEYS_PER_APP),
					1));
		}
		this.bench.report.note("9d. One application with `spring.config.import=etcd:` (and Spring Cloud), " + CHANGES
				+ " changes to other applications' keys while it runs: " + String.join("; ", lines)
				+ ". Watch events: etcd's etcd_debugging_mvcc_events_total over the changes (no other watcher is open). "
				+ "Heap: after GC with the application running minus before it started (noisy to a few hundred "
				+ "KB). CPU: this process's CPU time during the changes minus the same writes with no application "
				+ "running (the writer's own cost).");
	}

	private String measure(Client writer, String label, int round) throws Exception {
		changeOthers(writer, 10 + round); // warms the writer: the idle figure below is its steady cost
		long idleCpu = changeOthers(writer, round * 2);
		long heapBefore = Bench.usedHeapAfterGc();
		try (ConfigurableApplicationContext context = ConfigRefreshHarness.start(this.bench)) {
			long heap = Bench.usedHeapAfterGc() - heapBefore;
			int keys = context.getBeansOfType(EtcdConfigWatches.class)
				.values()
				.stream()
				.mapToInt((watches) -> watches.watchedKeys().size())
				.sum();
			// nothing else watches now: what etcd sends is what this application receives
			double eventsBefore = events();
			long busyCpu = changeOthers(writer, round * 2 + 1);
			double received = events() - eventsBefore;
			// control: the metric does count what reaches this application
			double controlBefore = events();
			ConfigRefreshHarness.put(writer, "/config/" + ConfigRefreshHarness.APP + "/bench.control", "c" + round);
			Bench.sleep(500);
			double control = events() - controlBefore;
			return String.format("%s: heap %+,d KB, %d properties imported, %.0f watch events received "
					+ "(control, one put to its own context: %.0f), CPU %+.0f ms", label, heap / 1024, keys, received,
					control, (busyCpu - idleCpu) / 1e6);
		}
	}

	/** @return this process's CPU time, in ns, spent while other applications' keys change */
	private static long changeOthers(Client writer, int round) throws Exception {
		long start = cpu();
		for (int i = 0; i < CHANGES; i++) {
			ConfigRefreshHarness.put(writer, "/config/other-" + (i % 50) + "/changing.key", round + "-" + i);
		}
		Bench.sleep(500); // let the watch events (if any reach us) be handled
		return cpu() - start;
	}

	private static void fill(Client writer) throws Exception {
		for (int app = 0; app < OTHER_APPS; app++) {
			List<Op> ops = new ArrayList<>();
			for (int key = 0; key < KEYS_PER_APP; key++) {
				ops.add(Op.put(EtcdConnection.bytes(String.format("/config/app-%04d/app.setting-%02d", app, key)),
						EtcdConnection.bytes("value-" + app + "-" + key), PutOption.DEFAULT));
			}
			writer.getKVClient().txn().Then(ops.toArray(Op[]::new)).commit().get(10, TimeUnit.SECONDS);
		}
	}

	private double events() throws Exception {
		return EtcdMetrics.gauge(this.bench.endpoints.get(0), "etcd_debugging_mvcc_events_total");
	}

	private static long cpu() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

}
