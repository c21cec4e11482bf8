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
			SerialExecutor slow = new SerialExecutor(pool, "slow");
			SerialExecutor fast = new SerialExecutor(pool, "fast");
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

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
