package dev.etcdregistry.resilience;

import java.time.Duration;

import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.LeakCheck;

/**
 * The churn of {@link ChurnIntegrationTests} for longer: {@code scripts/soak.sh [minutes]} runs
 * it against an etcd the test kit starts, and prints one row per minute, so a slow leak shows
 * as a trend the one-minute test cannot see. Each minute ends with the writers paused until the
 * observers match etcd exactly ("lag"). Exits non-zero when a check fails.
 */
public final class ChurnSoak {

	private ChurnSoak() {
	}

	public static void main(String[] args) throws Exception {
		int minutes = (args.length > 0) ? Integer.parseInt(args[0]) : 10;
		try (EtcdCluster etcd = EtcdCluster.builder().build().start()) {
			LeakCheck leaks = LeakCheck.start(etcd);
			System.out.printf("%nSoak: %d instances from %d registries + %d config keys at ~20 writes/s, one discovery "
					+ "and one config watch, %d minute(s)%n%n", Churn.INSTANCES, Churn.REGISTRIES, Churn.CONFIG_KEYS,
					minutes);
			System.out.printf("| minute | ops | ops/s | threads | heap after GC (MB) | cache size | lag (ms) |%n");
			System.out.printf("|---:|---:|---:|---:|---:|---:|---:|%n");
			long firstHeap = 0;
			long lastHeap = 0;
			try (Churn churn = new Churn(etcd)) {
				for (int minute = 1; minute <= minutes; minute++) {
					long start = System.nanoTime();
					Churn.Round round = churn.run(Duration.ofMinutes(1));
					double seconds = (System.nanoTime() - start) / 1e9;
					System.out.printf("| %d | %d | %.0f | %d | %.1f | %d | %d |%n", minute, round.ops(),
							round.ops() / seconds, round.threads(), round.heapAfterGcBytes() / 1048576.0,
							round.cacheSize(), round.lagMillis());
					firstHeap = (minute == 1) ? round.heapAfterGcBytes() : firstHeap;
					lastHeap = round.heapAfterGcBytes();
				}
			}
			leaks.assertNothingLeft();
			System.out.printf("%nEvery minute ended exact (discovery = etcd = registries, config watch = last "
					+ "writes); heap after GC %.1f MB -> %.1f MB; nothing left after close.%n", firstHeap / 1048576.0,
					lastHeap / 1048576.0);
		}
		catch (AssertionError ex) {
			System.out.println("SOAK FAILED: " + ex.getMessage());
			System.exit(1);
		}
		System.exit(0);
	}

}
