package dev.etcdregistry.test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link LeakCheck} counts what code under test left running, and not what a JVM-wide pool
 * keeps idle: a thread of gRPC's shared executor that waits for work is not a leak, one that
 * is still busy is.
 */
@EtcdTest
@Timeout(60)
class LeakCheckIntegrationTests {

	@Test
	void aBusyThreadIsALeakAnIdlePooledOneIsNot(EtcdCluster etcd) throws Exception {
		LeakCheck check = LeakCheck.start(etcd);
		AtomicInteger names = new AtomicInteger(900);
		ExecutorService shared = new ThreadPoolExecutor(0, 4, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
				task -> new Thread(task, "grpc-default-executor-" + names.getAndIncrement()));
		CountDownLatch release = new CountDownLatch(1);
		try {
			shared.execute(() -> waitFor(release));
			shared.execute(() -> {
			}); // needs a second thread: the first is busy
			// the busy one counts, the idle one (parked in the pool) does not
			await().untilAsserted(() -> assertThat(check.newThreads()).containsExactly("grpc-default-executor-900"));

			release.countDown();
			check.assertNothingLeft(); // both threads idle in the pool now
			assertThat(((ThreadPoolExecutor) shared).getPoolSize()).isEqualTo(2);
		}
		finally {
			release.countDown();
			shared.shutdownNow();
		}
	}

	private static void waitFor(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
