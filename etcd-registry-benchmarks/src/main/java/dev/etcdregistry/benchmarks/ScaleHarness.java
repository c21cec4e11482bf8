package dev.etcdregistry.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.ServiceDiscovery;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Txn;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

/**
 * Figure 6: 10,000 instances across 1,000 services, written by a raw client in transactions of
 * 100 puts. Measures the initial sync of {@link ServiceDiscovery#of} (baseline: one raw prefix
 * read of {@code /services/} returning the same keys), the heap each cached instance costs
 * (used heap after GC with and without a discovery, divided by the instances it holds) and the
 * watch streams the discovery opens (etcd's {@code etcd_debugging_mvcc_watch_stream_total}).
 */
final class ScaleHarness {

	static final int SERVICES = 1_000;

	static final int PER_SERVICE = 10;

	private final Bench bench;

	ScaleHarness(Bench bench) {
		this.bench = bench;
	}

	void run() throws Exception {
		String endpoint = this.bench.endpoints.get(0);
		try (Client raw = this.bench.rawClient(); EtcdConnection connection = this.bench.connect()) {
			long writeStart = System.nanoTime();
			write(raw);
			double writeMs = Bench.millis(System.nanoTime() - writeStart);
			List<Double> sync = new ArrayList<>();
			List<Double> read = new ArrayList<>();
			for (int i = 0; i < this.bench.samples(10) + 2; i++) {
				long start = System.nanoTime();
				raw.getKVClient()
					.get(EtcdConnection.bytes("/services/"), GetOption.builder().isPrefix(true).build())
					.get(30, TimeUnit.SECONDS);
				double readMs = Bench.millis(System.nanoTime() - start);
				start = System.nanoTime();
				ServiceDiscovery discovery = ServiceDiscovery.of(connection);
				double syncMs = Bench.millis(System.nanoTime() - start);
				discovery.close();
				if (i >= 2) {
					read.add(readMs);
					sync.add(syncMs);
				}
			}
			Stats syncStats = Stats.of(sync);
			this.bench.report.add(new Row("6a. initial sync `ServiceDiscovery.of`, 10,000 instances / 1,000 services",
					"ms", syncStats, "one raw prefix get of /services/", Stats.of(read), "≤ 2,000",
					Bench.verdict(syncStats.max() <= 2000)));

			double streamsBefore = EtcdMetrics.watchStreams(endpoint);
			double watchersBefore = EtcdMetrics.watchers(endpoint);
			long heapBefore = Bench.usedHeapAfterGc();
			ServiceDiscovery discovery = ServiceDiscovery.of(connection);
			long heapAfter = Bench.usedHeapAfterGc();
			Bench.sleep(500);
			double streams = EtcdMetrics.watchStreams(endpoint) - streamsBefore;
			double watchers = EtcdMetrics.watchers(endpoint) - watchersBefore;
			int cached = discovery.services().stream().mapToInt((name) -> discovery.instances(name).size()).sum();
			discovery.close();
			double perInstance = (heapAfter - heapBefore) / (double) cached;
			this.bench.report.add(new Row("6b. heap per cached instance (" + cached + " cached)", "bytes",
					Stats.single(perInstance), null, null, "≤ 2,048", Bench.verdict(perInstance <= 2048)));
			this.bench.report.add(new Row("6c. etcd watch streams opened by one discovery", "streams",
					Stats.single(streams), null, null, "1", Bench.verdict(streams <= 1)));
			this.bench.report.note(String.format("6. Writing the 10,000 keys took %.0f ms (100 txns of 100 puts). The "
					+ "discovery added %.0f watcher(s) on %.0f stream(s): one prefix watch whatever the number of "
					+ "services. Sync time and heap grow linearly with instances (one read, one decoded record each); "
					+ "the number of services only adds one map entry each.", writeMs, watchers, streams));
		}
	}

	private static void write(Client raw) throws Exception {
		int batch = 100;
		int total = SERVICES * PER_SERVICE;
		for (int first = 0; first < total; first += batch) {
			Txn txn = raw.getKVClient().txn();
			List<Op> puts = new ArrayList<>();
			for (int n = first; n < first + batch; n++) {
				int service = n / PER_SERVICE;
				String key = "/services/svc-" + service + "/inst-" + (n % PER_SERVICE);
				String json = "{\"host\":\"10.1." + (service % 250) + "." + (n % PER_SERVICE) + "\",\"port\":8080,"
						+ "\"metadata\":{\"zone\":\"z" + (n % 3) + "\",\"version\":\"1.0." + (n % 7) + "\"}}";
				puts.add(Op.put(EtcdConnection.bytes(key), EtcdConnection.bytes(json), PutOption.DEFAULT));
			}
			txn.Then(puts.toArray(Op[]::new)).commit().get(30, TimeUnit.SECONDS);
		}
	}

}
