package dev.etcdregistry.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.etcdregistry.test.EtcdCluster;

/**
 * Runs every figure against one single-node etcd started with the test kit and writes
 * {@code BENCHMARKS.md} (in the working directory, or {@code -Dbenchmarks.output=<file>}).
 * Arguments: {@code quick} for a tenth of the samples; figure numbers ({@code 1 2 4}) to run only
 * those. A figure that fails is written down as failed and the others still run. {@code fleet}
 * runs only {@link FleetDiscoveryHarness} (figure 10) and rewrites only its section of the file;
 * {@code 11} likewise runs only {@link LoadBalancerHarness} (figure 11) into its own section.
 */
public final class BenchmarkMain {

	private BenchmarkMain() {
	}

	public static void main(String[] args) throws Exception {
		boolean quick = Arrays.asList(args).contains("quick");
		if (Arrays.asList(args).contains("fleet")) {
			fleet(quick);
			return;
		}
		if (Arrays.asList(args).contains("11")) {
			loadBalancer(quick);
			return;
		}
		Set<String> only = Arrays.stream(args).filter((arg) -> arg.matches("\\d")).collect(Collectors.toSet());
		String binary = System.getProperty("etcd.binary", System.getenv().getOrDefault("ETCD_BINARY", "/usr/bin/etcd"));
		Report report = new Report(Versions.etcd(binary));
		long start = System.nanoTime();
		try (EtcdCluster cluster = EtcdCluster.builder().build().start()) {
			Bench bench = new Bench(cluster.endpoints(), report, quick);
			System.out.println("etcd at " + cluster.endpoints() + " (pid " + cluster.node(0).pid() + ")");
			// startup before the scale figure: an app with discovery would otherwise read its 10,000 instances
			Map<String, Figure> figures = new LinkedHashMap<>();
			figures.put("1", () -> new JmhFigures(bench).run());
			figures.put("8", () -> new StartupHarness(bench).run());
			figures.put("2", () -> new ConfigPropagationHarness(bench).run());
			figures.put("9", () -> new ConfigRefreshHarness(bench).run());
			figures.put("4", () -> new DeregistrationHarness(bench).run());
			figures.put("5", () -> new CrashHarness(bench).run());
			figures.put("6", () -> new ScaleHarness(bench).run());
			figures.put("7", () -> new ChurnHarness(bench).run());
			for (Map.Entry<String, Figure> figure : figures.entrySet()) {
				if (!only.isEmpty() && !only.contains(figure.getKey())) {
					continue;
				}
				long figureStart = System.nanoTime();
				System.out.println("=== figure " + figure.getKey());
				try {
					figure.getValue().run();
				}
				catch (Exception | Error ex) {
					ex.printStackTrace();
					report.note("Figure " + figure.getKey() + " FAILED in this run: " + ex);
				}
				System.out.printf("=== figure %s took %.1f s%n", figure.getKey(), (System.nanoTime() - figureStart) / 1e9);
			}
		}
		report.note(String.format("Whole run: %.0f s%s.", (System.nanoTime() - start) / 1e9, quick ? " (quick)" : ""));
		Path output = Path.of(System.getProperty("benchmarks.output", "BENCHMARKS.md"));
		report.write(output);
		System.out.println("Wrote " + output.toAbsolutePath());
		System.out.println(Files.readString(output));
		System.exit(0);
	}

	/** Figure 10 alone ({@link FleetDiscoveryHarness}): prints its table and writes its section of the file. */
	private static void fleet(boolean quick) throws Exception {
		String binary = System.getProperty("etcd.binary", System.getenv().getOrDefault("ETCD_BINARY", "/usr/bin/etcd"));
		Report report = new Report(Versions.etcd(binary));
		long start = System.nanoTime();
		try (EtcdCluster cluster = EtcdCluster.builder().build().start()) {
			System.out.println("etcd at " + cluster.endpoints() + " (pid " + cluster.node(0).pid() + ")");
			new FleetDiscoveryHarness(new Bench(cluster.endpoints(), report, quick)).run();
		}
		report.note(String.format("Whole fleet run: %.0f s%s.", (System.nanoTime() - start) / 1e9,
				quick ? " (quick)" : ""));
		Path output = Path.of(System.getProperty("benchmarks.output", "BENCHMARKS.md"));
		report.writeFleetSection(output);
		System.out.println("Wrote the fleet section of " + output.toAbsolutePath());
		System.exit(0);
	}

	/** Figure 11 alone ({@link LoadBalancerHarness}): prints its table and writes its section of the file. */
	private static void loadBalancer(boolean quick) throws Exception {
		String binary = System.getProperty("etcd.binary", System.getenv().getOrDefault("ETCD_BINARY", "/usr/bin/etcd"));
		Report report = new Report(Versions.etcd(binary));
		long start = System.nanoTime();
		try (EtcdCluster cluster = EtcdCluster.builder().build().start()) {
			System.out.println("etcd at " + cluster.endpoints() + " (pid " + cluster.node(0).pid() + ")");
			new LoadBalancerHarness(new Bench(cluster.endpoints(), report, quick)).run();
		}
		report.note(String.format("Whole figure 11 run: %.0f s%s.", (System.nanoTime() - start) / 1e9,
				quick ? " (quick)" : ""));
		Path output = Path.of(System.getProperty("benchmarks.output", "BENCHMARKS.md"));
		report.writeLoadBalancerSection(output);
		System.out.println("Wrote the figure 11 section of " + output.toAbsolutePath());
		System.exit(0);
	}

	@FunctionalInterface
	interface Figure {

		void run() throws Exception;

	}


}
