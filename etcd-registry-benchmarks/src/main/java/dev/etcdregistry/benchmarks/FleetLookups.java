package dev.etcdregistry.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.ServiceDiscovery;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;

/** Row 10e of {@link FleetDiscoveryHarness}: what a discovery lookup costs against an etcd read. */
final class FleetLookups {

	private FleetLookups() {
	}

	/** {@code instances(name)} of a held service in batches, against one etcd prefix read per call. */
	static void measure(Bench bench, Client raw, ServiceDiscovery sub, ServiceDiscovery all) throws Exception {
		int batches = bench.samples(30);
		int perBatch = 200_000;
		List<Double> subMicros = new ArrayList<>();
		List<Double> allMicros = new ArrayList<>();
		long sink = 0;
		for (int b = 0; b < batches + 5; b++) {
			String name = "svc-" + List.of(17, 2503, 5011, 7777, 9999).get(b % 5);
			long start = System.nanoTime();
			for (int i = 0; i < perBatch; i++) {
				sink += sub.instances(name).size();
			}
			double subCall = (System.nanoTime() - start) / 1e3 / perBatch;
			start = System.nanoTime();
			for (int i = 0; i < perBatch; i++) {
				sink += all.instances(name).size();
			}
			double allCall = (System.nanoTime() - start) / 1e3 / perBatch;
			if (b >= 5) { // the first batches are JIT warm-up
				subMicros.add(subCall);
				allMicros.add(allCall);
			}
		}
		ByteSequence prefix = EtcdConnection.bytes("/services/svc-17/");
		GetOption option = GetOption.builder().isPrefix(true).build();
		List<Double> reads = new ArrayList<>();
		for (int i = 0; i < bench.samples(300) + 20; i++) {
			long start = System.nanoTime();
			sink += raw.getKVClient().get(prefix, option).get(10, TimeUnit.SECONDS).getKvs().size();
			if (i >= 20) {
				reads.add((System.nanoTime() - start) / 1e3);
			}
		}
		Stats read = Stats.of(reads);
		Stats subStats = Stats.of(subMicros);
		Stats allStats = Stats.of(allMicros);
		bench.report.add(new Row("10e. lookup `instances(name)`, `subscribed` (mean per call, batches of 200,000)",
				"µs", subStats, "one etcd prefix get of the service per call", read, "≥ 1000× faster",
				Bench.verdict(read.p50() / subStats.p50() >= 1000)
						+ String.format(" (%,.0f×)", read.p50() / subStats.p50())));
		bench.report.add(new Row("10e. the same lookup, `all`", "µs", allStats,
				"one etcd prefix get of the service per call", read, "≥ 1000× faster",
				Bench.verdict(read.p50() / allStats.p50() >= 1000)
						+ String.format(" (%,.0f×)", read.p50() / allStats.p50())));
		if (sink == 42) {
			System.out.println("(sink)");
		}
	}

}
