package dev.etcdregistry.benchmarks;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs the in-process micro figures with JMH (one fork, sample-time mode) and turns JMH's
 * statistics into rows: figure 1, {@link DiscoveryLookupBenchmark}.
 */
final class JmhFigures {

	private final Bench bench;

	JmhFigures(Bench bench) {
		this.bench = bench;
	}

	void run() throws RunnerException {
		Options options = new OptionsBuilder().include(DiscoveryLookupBenchmark.class.getName())
			.param("endpoints", this.bench.endpointsProperty())
			.forks(1)
			.warmupIterations(this.bench.quick ? 1 : 2)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(this.bench.quick ? 1 : 3)
			.measurementTime(TimeValue.seconds(2))
			.jvmArgsAppend("-Xmx1g")
			.shouldFailOnError(true)
			.build();
		Collection<RunResult> results = new Runner(options).run();
		Map<String, Statistics> byKey = new HashMap<>();
		for (RunResult result : results) {
			String method = result.getParams().getBenchmark();
			String key = method.substring(method.lastIndexOf('.') + 1) + "/" + result.getParams().getParam("instances");
			byKey.put(key, result.getPrimaryResult().getStatistics());
		}
		for (String instances : new String[] { "2", "100" }) {
			Stats cached = micros(byKey.get("cachedLookup/" + instances));
			Stats raw = micros(byKey.get("baselinePrefixRead/" + instances));
			boolean met = raw.p50() / cached.p50() >= 1000;
			this.bench.report.add(new Row("1. discovery lookup `instances(name)`, " + instances + " instances (JMH)",
					"µs", cached, "one etcd prefix get per call", raw, "≥ 1000× faster",
					Bench.verdict(met) + String.format(" (%,.0f×)", raw.p50() / cached.p50())));
		}
		this.bench.report.note("1. Lookup cost is a map get plus an immutable list the cache already holds: flat in "
				+ "the number of services and instances (2 vs 100 above); the etcd read grows with the instances "
				+ "returned (JSON bytes over gRPC) and needs a round trip per call.");
	}

	private static Stats micros(Statistics statistics) {
		if (statistics == null) {
			return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
		}
		return new Stats((int) Math.min(Integer.MAX_VALUE, statistics.getN()), statistics.getPercentile(50) / 1000,
				statistics.getPercentile(99) / 1000, statistics.getMax() / 1000);
	}

}
