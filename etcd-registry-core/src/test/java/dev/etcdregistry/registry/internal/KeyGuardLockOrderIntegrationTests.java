package dev.etcdregistry.registry.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.test.CuttableProxy;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A guard whose watch etcd never confirms is closed by the connection's scheduler; jetcd then
 * calls the guard's {@code onCompleted} while holding its client-wide watch lock. The test holds
 * that callback until another thread, deregistering, is about to close the same guard. If the
 * guard took its own monitor in the callback while holding it around jetcd's {@code close()},
 * both threads would wait for ever.
 */
@EtcdTest
@Timeout(60)
class KeyGuardLockOrderIntegrationTests {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	@Test
	void closingWhileJetcdEndsAStalledWatchDoesNotDeadlock(EtcdCluster etcd) throws Exception {
		String namespace = TestConnections.randomNamespace();
		CountDownLatch inCallback = new CountDownLatch(1);
		CountDownLatch aboutToClose = new CountDownLatch(1);
		CuttableProxy proxy = CuttableProxy.to(etcd.endpoints().get(0));
		EtcdConnection connection = EtcdConnection.connect(TestConnections.settingsThrough(proxy.endpoint(), etcd, namespace)
			.requestTimeout(Duration.ofSeconds(1))
			.build());
		boolean deadlocked = false;
		try {
			proxy.stall(); // etcd never confirms the guard's watch: its start deadline closes it
			KeyGuard guard = new KeyGuard(connection, "/services/orders/a", 1, key -> {
			});
			guard.seam(() -> {
				if (inCallback.getCount() > 0) {
					inCallback.countDown();
					awaitQuietly(aboutToClose); // jetcd's lock stays held meanwhile
				}
			}, aboutToClose::countDown);
			assertThat(inCallback.await(30, TimeUnit.SECONDS)).as("jetcd ended the stalled watch").isTrue();
			Thread closer = new Thread(guard::close, "guard-closer");
			closer.setDaemon(true);
			closer.start();
			closer.join(TimeUnit.SECONDS.toMillis(15));

			List<String> stuck = deadlockedThreads();
			deadlocked = !stuck.isEmpty() || closer.isAlive();
			assertThat(stuck).as("threads deadlocked with jetcd's watch lock").isEmpty();
			assertThat(closer.isAlive()).as("close() returned").isFalse();
		}
		finally {
			proxy.close();
			if (!deadlocked) { // a deadlocked scheduler would hang the close: leave it to the JVM's end
				connection.close();
			}
		}
	}

	private static List<String> deadlockedThreads() {
		long[] ids = THREADS.findDeadlockedThreads();
		List<String> names = new ArrayList<>();
		if (ids != null) {
			for (ThreadInfo info : THREADS.getThreadInfo(ids, 20)) {
				names.add(info.getThreadName() + " waiting for " + info.getLockName() + " held by "
						+ info.getLockOwnerName());
			}
		}
		return names;
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
