package dev.etcdregistry.resilience;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import io.etcd.jetcd.Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdNode;
import dev.etcdregistry.test.EtcdTest;

import static dev.etcdregistry.resilience.FleetApp.figure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The leader of a three-node cluster crashes ({@code kill -9}) while the application is
 * registered, watching and writing: the two survivors elect a new leader, and the application
 * must come through with nothing lost, since a cluster that keeps its quorum is supposed to
 * be invisible to its clients apart from a short pause.
 */
@EtcdTest(nodes = 3)
@Timeout(90)
class LeaderLossIntegrationTests {

	@Test
	void killingTheLeaderLosesNoRegistrationNoWriteAndNoWatchedValue(EtcdCluster etcd) throws Exception {
		try (FleetApp app = new FleetApp(etcd); Client peer = etcd.newClient()) {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> app.assertRegistered(peer));
			long lease = app.registry.leaseId().orElseThrow();
			EtcdNode leader = await().ignoreExceptions().until(etcd::leader, Objects::nonNull);

			app.fault();
			leader.kill();

			await().atMost(Duration.ofSeconds(30)).until(app::recovered);
			EtcdNode newLeader = await().atMost(Duration.ofSeconds(10))
				.ignoreExceptions()
				.until(etcd::leader, Objects::nonNull);
			assertThat(newLeader).isNotSameAs(leader);
			figure("leader killed -> first write ok", app.writes.writeRecovery());
			figure("leader killed -> watch delivers again", app.writes.watchRecovery());
			// two TTLs with the new leader: a lease the failover broke would have expired by now
			await().pollDelay(FleetApp.TTL.multipliedBy(2))
				.atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> app.assertRegistered(peer));
			Map<String, String> last = app.finish();

			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
				app.assertRegistered(peer);
				app.assertConfig(peer, last);
			});
			boolean kept = app.registry.leaseId().orElseThrow() == lease;
			System.out.printf("[figure] leader kill: %d failed write attempt(s), lease %s, discovery %s%n",
					app.writes.failures(), kept ? "kept" : "replaced (instances re-registered)",
					app.instanceMissed() ? "briefly missed an instance" : "never missed an instance");
		}
	}

}
