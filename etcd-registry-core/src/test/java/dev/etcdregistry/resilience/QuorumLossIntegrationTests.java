package dev.etcdregistry.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.LeaseOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.registry.RegistrationEvent.Type;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdNode;
import dev.etcdregistry.test.EtcdTest;

import static dev.etcdregistry.resilience.FleetApp.figure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two of three nodes crash and stay down longer than the lease TTL: nothing can be written,
 * jetcd gives the keep-alive up without a word, and the registry must say so (LEASE_LOST)
 * and, once a quorum is back, register everything again under a new lease, with no instance
 * twice and none on a dead lease, while the config watches pick up where they were.
 */
@EtcdTest(nodes = 3)
@Timeout(90)
class QuorumLossIntegrationTests {

	private static final Duration OUTAGE = FleetApp.TTL.multipliedBy(3);

	@Test
	void afterAQuorumLossLongerThanTheTtlEverythingComesBackOnceUnderANewLease(EtcdCluster etcd) throws Exception {
		try (FleetApp app = new FleetApp(etcd); Client peer = etcd.newClient()) {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> app.assertRegistered(peer));
			long oldLease = app.registry.leaseId().orElseThrow();
			EtcdNode leader = await().ignoreExceptions().until(etcd::leader, Objects::nonNull);
			EtcdNode follower = etcd.followers().get(0);

			long lostAt = System.nanoTime();
			leader.kill();
			follower.kill();
			// while there is no quorum the registry says what happened: the lease is lost...
			await().atMost(Duration.ofSeconds(20)).until(() -> events(app, Type.LEASE_LOST).stream()
				.anyMatch(timed -> timed.event().leaseId() == oldLease));
			// ...and stays down well past the TTL (the registry is then somewhere in its retry back-off),
			// with nothing registered again meanwhile
			await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(20))
				.until(() -> System.nanoTime() - lostAt > OUTAGE.toNanos());
			assertThat(events(app, Type.REREGISTERED)).isEmpty();
			figure("quorum lost -> LEASE_LOST event",
					Duration.ofNanos(events(app, Type.LEASE_LOST).get(0).nanos() - lostAt));

			leader.startNoWait();
			follower.startNoWait();
			app.fault(); // from here on: time since both nodes run again (listening, not yet in a quorum)
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
				.until(etcd::leader, Objects::nonNull);
			long quorumBack = System.nanoTime(); // a little late: the probe polls every 20 ms
			figure("quorum loss: nodes restarted -> leader elected", app.writes.since(quorumBack));
			await().atMost(Duration.ofSeconds(30)).until(() -> etcd.nodes().stream().allMatch(EtcdNode::isHealthy));

			AtomicLong registered = new AtomicLong();
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				registered.set(app.assertRegistered(peer));
				assertThat(registered.get()).as("the lease after the quorum loss").isNotEqualTo(oldLease);
			});
			long newLease = registered.get();
			List<FleetApp.Timed> reregistered = events(app, Type.REREGISTERED);
			assertThat(reregistered).extracting(timed -> timed.event().instance())
				.extracting(ServiceInstance::instanceId)
				.containsExactlyInAnyOrder("a", "b");
			assertThat(reregistered).allSatisfy(timed -> assertThat(timed.event().leaseId()).isEqualTo(newLease));
			long back = reregistered.stream().mapToLong(FleetApp.Timed::nanos).max().orElseThrow();
			figure("quorum loss: nodes restarted -> registrations back", app.writes.since(back));
			figure("quorum loss: leader elected -> registrations back", Duration.ofNanos(back - quorumBack));
			await().atMost(Duration.ofSeconds(30)).until(app::recovered);
			figure("quorum loss: nodes restarted -> first write ok", app.writes.writeRecovery());
			figure("quorum loss: nodes restarted -> watch delivers again", app.writes.watchRecovery());
			Map<String, String> last = app.finish();

			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
				assertThat(app.assertRegistered(peer)).isEqualTo(newLease);
				app.assertConfig(peer, last);
			});
			// the old lease, which could not be revoked without a quorum, expires and takes nothing with it
			await().atMost(FleetApp.TTL.plusSeconds(15)).untilAsserted(() -> assertThat(FleetApp.peerCall(() -> peer
				.getLeaseClient().timeToLive(oldLease, LeaseOption.DEFAULT)).getTTL()).isEqualTo(-1));
			assertThat(app.assertRegistered(peer)).isEqualTo(newLease);
			assertThat(events(app, Type.LEASE_LOST)).extracting(timed -> timed.event().leaseId()).containsOnly(oldLease);
			System.out.printf("[figure] quorum loss: %d failed write attempt(s)%n", app.writes.failures());
		}
	}

	private static List<FleetApp.Timed> events(FleetApp app, Type type) {
		return app.registrationEvents.stream().filter(timed -> timed.event().type() == type).toList();
	}

}
