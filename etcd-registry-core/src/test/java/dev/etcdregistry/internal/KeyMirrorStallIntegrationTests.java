package dev.etcdregistry.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.test.CuttableProxy;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A watch etcd does not confirm in time is started again (a new generation), and the one it
 * replaces is closed — but that one's "created" response may already be on its way through
 * jetcd. Such a late "created" must not count for the new watch: if it disarmed the new
 * watch's start deadline, a new watch that etcd never takes up (etcd still silent) would have
 * no deadline and no retry, and the mirror would stop following etcd for good.
 *
 * <p>The test makes it happen on purpose: jetcd's thread is held just as the first watch's
 * "created" arrives (before it confirms anything), the connection is stalled, the first
 * watch's deadline fires and the mirror watches again (generation 2, behind the stall); then
 * the held "created" goes on. The mirror must still notice that generation 2 is not confirmed
 * and try again while the connection stays stalled.
 */
@EtcdTest
@Timeout(90)
class KeyMirrorStallIntegrationTests {

	@Test
	void aLateCreatedOfAReplacedWatchDoesNotDisarmTheNewWatchsDeadline(EtcdCluster etcd) throws Exception {
		String namespace = TestConnections.randomNamespace();
		CountDownLatch firstCreated = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		try (CuttableProxy proxy = CuttableProxy.to(etcd.endpoints().get(0));
				EtcdConnection direct = TestConnections.connect(etcd, namespace);
				EtcdConnection connection = EtcdConnection.connect(TestConnections.settingsThrough(proxy.endpoint(), etcd, namespace)
					.requestTimeout(Duration.ofSeconds(1))
					.build())) {
			ConfigStore.of(direct).put("/config/a", "1");
			KeyMirror mirror = new KeyMirror(connection, "/config/", true, false, update -> {
			});
			mirror.seam(new MirrorStream.Seam() {
				@Override
				public void created(int generation) {
					if (generation == 1) {
						firstCreated.countDown();
						awaitQuietly(release); // the response is held here, before it confirms anything
					}
				}
			});
			try (mirror) {
				mirror.start();
				assertThat(firstCreated.await(30, TimeUnit.SECONDS)).as("etcd created the first watch").isTrue();
				proxy.stall(); // from now on etcd takes up no watch
				// the first watch's deadline fires (its "created" is held): the mirror watches again, behind the stall
				await().atMost(Duration.ofSeconds(30)).until(() -> mirror.watchGeneration() >= 2);
				release.countDown(); // the replaced watch's "created" arrives late

				// generation 2 is never confirmed: its deadline must fire and the mirror try again, while stalled
				// (well before the connection's keep-alive, 10 s + 5 s, would end the stalled stream by itself)
				await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> assertThat(mirror.watchGeneration())
					.as("watches started while etcd stays silent").isGreaterThanOrEqualTo(3));

				proxy.resume();
				long written = ConfigStore.of(direct).put("/config/b", "2");
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					assertThat(mirror.revision()).isGreaterThanOrEqualTo(written);
					assertThat(mirror.state()).containsOnlyKeys("/config/a", "/config/b");
				});
			}
			finally {
				release.countDown();
			}
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
