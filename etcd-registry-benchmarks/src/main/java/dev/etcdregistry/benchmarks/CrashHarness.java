package dev.etcdregistry.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.ServiceDiscovery;

/**
 * Figure 5: a child JVM registers through the core API with a 2 s lease TTL and is killed
 * ({@link Process#destroyForcibly()}, SIGKILL); measured from the kill until the instance is
 * gone from a peer's {@link ServiceDiscovery} cache. The reference is the TTL itself: etcd
 * expires a lease between (TTL − time since the last renewal) and TTL, checked every ~500 ms.
 */
final class CrashHarness {

	static final int TTL_SECONDS = 2;

	private final Bench bench;

	CrashHarness(Bench bench) {
		this.bench = bench;
	}

	void run() throws Exception {
		List<Double> times = new ArrayList<>();
		try (EtcdConnection connection = this.bench.connect(); ServiceDiscovery peer = ServiceDiscovery.of(connection)) {
			for (int i = 0; i < this.bench.samples(10); i++) {
				Process child = start("c" + i);
				try {
					Bench.spinUntil(() -> !peer.instances("crash").isEmpty(), Duration.ofSeconds(20));
					Bench.sleep(1000);
					long start = System.nanoTime();
					child.destroyForcibly();
					long gone = Bench.spinUntil(() -> peer.instances("crash").isEmpty(), Duration.ofSeconds(30));
					times.add(Bench.millis(gone - start));
				}
				finally {
					child.destroyForcibly().waitFor();
				}
			}
		}
		Stats stats = Stats.of(times);
		double target = TTL_SECONDS * 1000 + 1000;
		this.bench.report.add(new Row("5. kill -9 of a registered JVM (TTL " + TTL_SECONDS + " s) → gone from peer cache",
				"ms", stats, null, null, "≤ TTL + 1 s = " + (long) target, Bench.verdict(stats.max() <= target)));
		this.bench.report.note("5. Bounded by etcd's lease expiry (TTL after the last renewal; renewals every TTL/3)"
				+ " plus one watch event; independent of the number of instances on the lease.");
	}

	private Process start(String id) throws Exception {
		String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(javaBin, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				CrashChild.class.getName(), this.bench.endpointsProperty(), "crash", id, String.valueOf(TTL_SECONDS))
			.redirectErrorStream(true)
			.start();
		BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream()));
		String line;
		while ((line = reader.readLine()) != null && !line.contains("REGISTERED")) {
			System.out.println("  child: " + line);
		}
		Thread drain = new Thread(() -> {
			try {
				reader.transferTo(Writer.nullWriter());
			}
			catch (IOException ignored) {
				// the child was killed
			}
		}, "crash-child-drain");
		drain.setDaemon(true);
		drain.start();
		return process;
	}

}
