package dev.etcdregistry.resilience;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.etcd.jetcd.Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.registry.RegistrationEvent.Type;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdNode;
import dev.etcdregistry.test.EtcdTest;

import static dev.etcdregistry.resilience.FleetApp.figure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A follower crashes, comes back, and then the node the application's lease keep-alive runs
 * on crashes. jetcd balances calls round-robin over all endpoints and pins each long-lived
 * stream (a watch, the keep-alive) to one node, so "the node the client is connected to" is,
 * honestly, the node serving its streams; the test finds it from the nodes' own gRPC metrics
 * rather than configuring the client in a way no application does.
 */
@EtcdTest(nodes = 3)
@Timeout(90)
class ConnectedNodeLossIntegrationTests {

	private static final String KEEP_ALIVE = "LeaseKeepAlive";

	private static final String WATCH = "Watch";

	@Test
	void losingAFollowerAndThenTheNodeServingTheStreamsLosesNothing(EtcdCluster etcd) throws Exception {
		try (FleetApp app = new FleetApp(etcd); Client peer = etcd.newClient()) {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> app.assertRegistered(peer));
			// the follower that serves most of the application's watches, so that its loss moves them
			List<EtcdNode> followers = await().ignoreExceptions().until(etcd::followers, Objects::nonNull);
			EtcdNode follower = followers.stream()
				.max(Comparator.comparingLong(node -> etcd.openStreams(node, WATCH)))
				.orElseThrow();
			System.out.printf("[figure] follower %s served %d watch stream(s) of the application%n", follower.name(),
					etcd.openStreams(follower, WATCH));

			app.fault();
			follower.kill();
			await().atMost(Duration.ofSeconds(30)).until(app::recovered);
			figure("follower killed -> first write ok", app.writes.writeRecovery());
			figure("follower killed -> watch delivers again", app.writes.watchRecovery());
			follower.start();
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> app.assertRegistered(peer));

			EtcdNode connected = await().atMost(Duration.ofSeconds(10))
				.until(() -> servingKeepAlive(etcd), Objects::nonNull);
			EtcdNode leader = await().ignoreExceptions().until(etcd::leader, Objects::nonNull);
			System.out.printf("[figure] keep-alive on %s (%s), which also served %d watch stream(s)%n",
					connected.name(), (connected == leader) ? "the leader" : "a follower",
					etcd.openStreams(connected, WATCH));
			app.fault();
			connected.kill();
			await().atMost(Duration.ofSeconds(30)).until(app::recovered);
			figure("connected node killed -> first write ok", app.writes.writeRecovery());
			figure("connected node killed -> watch delivers again", app.writes.watchRecovery());
			// the keep-alive moved to another node and keeps the lease alive there for two more TTLs
			await().atMost(Duration.ofSeconds(10)).until(() -> servingKeepAlive(etcd), Objects::nonNull);
			await().pollDelay(FleetApp.TTL.multipliedBy(2))
				.atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> app.assertRegistered(peer));
			Map<String, String> last = app.finish();

			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
				app.assertRegistered(peer);
				app.assertConfig(peer, last);
			});
			assertThat(servingKeepAlive(etcd)).isNotSameAs(connected);
			System.out.printf("[figure] follower + connected node kill: %d failed write attempt(s), %d lease loss(es)%n",
					app.writes.failures(), app.registrationEvents.stream()
						.filter(timed -> timed.event().type() == Type.LEASE_LOST)
						.count());
		}
	}

	/** The running node with the application's keep-alive stream (only the application opens streams here). */
	private static EtcdNode servingKeepAlive(EtcdCluster etcd) {
		List<EtcdNode> serving = etcd.nodes()
			.stream()
			.filter(EtcdNode::isRunning)
			.filter(node -> etcd.openStreams(node, KEEP_ALIVE) > 0)
			.toList();
		return (serving.size() == 1) ? serving.get(0) : null;
	}

}
