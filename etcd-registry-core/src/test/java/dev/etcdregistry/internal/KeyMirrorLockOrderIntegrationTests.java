package dev.etcdregistry.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TcpProxy;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jetcd calls a watch's {@code onError} while holding its client-wide watch lock, and takes
 * that lock in {@code Watcher.close()}. The test makes both happen at once on purpose: jetcd's
 * thread is held inside the error callback (jetcd's lock taken) until another thread is about
 * to close the mirror's watch. If the mirror took a lock of its own in the callback while
 * holding it around {@code close()}, the two threads would wait for each other for ever.
 */
@EtcdTest
@Timeout(60)
class KeyMirrorLockOrderIntegrationTests {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	@Test
	void closingWhileJetcdReportsAnErrorDoesNotDeadlock(EtcdCluster etcd) throws Exception {
		String namespace = TestConnections.randomNamespace();
		CountDownLatch inCallback = new CountDownLatch(1);
		CountDownLatch aboutToCallJetcd = new CountDownLatch(1);
		TcpProxy proxy = new TcpProxy(etcd.endpoints().get(0));
		EtcdConnection connection = TestConnections.connectThrough(proxy, etcd, namespace);
		boolean deadlocked = false;
		try {
			ConfigStore.of(connection).put("/config/a", "1");
			KeyMirror mirror = new KeyMirror(connection, "/config/", true, false, update -> {
			}).start();
			mirror.seam(new MirrorStream.Seam() {
				@Override
				public void inJetcdCallback() {
					inCallback.countDown();
					awaitQuietly(aboutToCallJetcd); // jetcd's lock stays held meanwhile
				}

				@Override
				public void beforeJetcdCall() {
					if (inCallback.getCount() == 0) {
						aboutToCallJetcd.countDown();
					}
				}
			});

			proxy.cut(); // jetcd's event loop reports the broken stream: onError under its lock
			assertThat(inCallback.await(30, TimeUnit.SECONDS)).as("jetcd reported the cut").isTrue();
			Thread closer = new Thread(mirror::close, "mirror-closer");
			closer.setDaemon(true);
			closer.start();
			closer.join(TimeUnit.SECONDS.toMillis(15));

			List<String> stuck = deadlockedThreads();
			deadlocked = !stuck.isEmpty() || closer.isAlive();
			assertThat(stuck).as("threads deadlocked with jetcd's watch lock").isEmpty();
			assertThat(closer.isAlive()).as("close() returned").isFalse();
			assertThat(mirror.isWatching()).isFalse();
		}
		finally {
			proxy.close();
			if (!deadlocked) { // a deadlocked event loop would hang the close: leave it to the JVM's end
				connection.close();
			}
		}
	}

	static List<String> deadlockedThreads() {
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
