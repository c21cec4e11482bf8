package dev.etcdregistry.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SerialExecutorTests {

	@Test
	void runsInOrderSurvivesFailuresAndDoesNotBlockOtherQueues() throws Exception {
		ExecutorService pool = Executors.newCachedThreadPool();
		try {
			SerialExecutor slow = new SerialExecutor(pool, "slow", 1_000, () -> {
			});
			SerialExecutor fast = new SerialExecutor(pool, "fast", 1_000, () -> {
			});
			CountDownLatch release = new CountDownLatch(1);
			List<Integer> order = new CopyOnWriteArrayList<>();
			slow.execute(() -> await(release));
			for (int i = 0; i < 100; i++) {
				int n = i;
				fast.execute(() -> {
					if (n == 50) {
						throw new IllegalStateException("one bad task");
					}
					order.add(n);
				});
			}
			CountDownLatch done = new CountDownLatch(1);
			fast.execute(done::countDown);
			assertThat(done.await(10, TimeUnit.SECONDS)).as("fast queue drained while slow one is stuck").isTrue();
			assertThat(order).hasSize(99).isSorted();
			assertThat(slow.backlog()).isZero();
			release.countDown();
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void whenFullDropsWhatWaitsAndRunsTheOverflowTaskFirst() throws Exception {
		ExecutorService pool = Executors.newCachedThreadPool();
		try {
			List<String> ran = new CopyOnWriteArrayList<>();
			SerialExecutor serial = new SerialExecutor(pool, "bounded", 10, () -> ran.add("overflow"));
			CountDownLatch release = new CountDownLatch(1);
			CountDownLatch blocking = new CountDownLatch(1);
			serial.execute(() -> {
				blocking.countDown();
				await(release);
			});
			// the blocking task must be running, not waiting in the queue, or the overflow drops it too
			// and the queue drains while the loop below still fills it
			assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
			int maxBacklog = 0;
			for (int i = 0; i < 1_000; i++) {
				int n = i;
				serial.execute(() -> ran.add("task " + n));
				maxBacklog = Math.max(maxBacklog, serial.backlog());
			}
			assertThat(maxBacklog).isLessThanOrEqualTo(11);
			release.countDown();
			// no further task: one submitted now would itself overflow the full queue and drop task 999
			org.awaitility.Awaitility.await()
				.atMost(java.time.Duration.ofSeconds(10))
				.until(() -> serial.backlog() == 0 && ran.contains("task 999"));
			assertThat(ran).last().isEqualTo("task 999");
			assertThat(ran.get(0)).isEqualTo("overflow");
			assertThat(ran).hasSizeLessThanOrEqualTo(11);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
