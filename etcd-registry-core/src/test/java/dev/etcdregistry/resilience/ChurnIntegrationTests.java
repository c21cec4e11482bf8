package dev.etcdregistry.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.test.LeakCheck;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 10: churn (see {@link Churn}) ends in the exact state, and running it longer grows
 * neither threads nor heap; closing everything leaves no thread and no etcd watcher behind.
 * {@code scripts/soak.sh} runs the same load for minutes.
 */
@EtcdTest
@Timeout(120)
class ChurnIntegrationTests {

	/**
	 * Threads that may come and go without a leak: workers of the cached pools that are busy at
	 * the moment of counting (their idle ones are not counted, see {@link Churn#liveThreads()}).
	 * A leak per registration or per watch would add hundreds per round (thousands of operations
	 * each), far beyond this.
	 */
	private static final int THREAD_SLACK = 12;

	/**
	 * Heap after a full GC may wander by a few MB (allocation buffers, gRPC's pooled buffers,
	 * class metadata of late-loaded code). Something kept per operation — a listener, a watcher,
	 * a map entry of about 200 bytes — over the ~2,000+ operations of each measured round would
	 * add well over 16 MB across the three rounds after the baseline.
	 */
	private static final long HEAP_SLACK_BYTES = 16L * 1024 * 1024;

	@Test
	void scenario10ChurnEndsExactWithoutThreadOrHeapGrowthAndLeavesNothingBehind(EtcdCluster etcd) throws Exception {
		LeakCheck leaks = LeakCheck.start(etcd);
		List<Churn.Round> rounds = new ArrayList<>();
		try (Churn churn = new Churn(etcd)) {
			for (int i = 0; i < 5; i++) {
				Churn.Round round = churn.run(Duration.ofSeconds(6));
				rounds.add(round);
				System.out.printf("[figure] churn round %d: %d ops, caught up %d ms after the writers stopped, "
						+ "%d instances, %d threads (idle cached-pool workers aside), %.1f MB heap after GC%n", i + 1, round.ops(), round.lagMillis(),
						round.cacheSize(), round.threads(), round.heapAfterGcBytes() / 1048576.0);
			}
		}
		// round 1 warms up (classes, pools, first leases); round 2 is the baseline
		Churn.Round baseline = rounds.get(1);
		for (Churn.Round round : rounds.subList(2, rounds.size())) {
			assertThat(round.ops()).isPositive();
			assertThat(round.threads()).isLessThanOrEqualTo(baseline.threads() + THREAD_SLACK);
			assertThat(round.heapAfterGcBytes()).isLessThanOrEqualTo(baseline.heapAfterGcBytes() + HEAP_SLACK_BYTES);
		}
		leaks.assertNothingLeft();
	}

}
