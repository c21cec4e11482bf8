package dev.etcdregistry.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.RegistrationEvent.Type;
import dev.etcdregistry.registry.RegistryOptions;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdNode;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TestConnections;

import static dev.etcdregistry.client.EtcdConnection.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Quorum lost for longer than the TTL on a cluster with auth: the two restarted members have
 * forgotten every auth token, so the first calls after the quorum is back meet a token etcd no
 * longer knows. That is not a reason to wait a back-off: the registry authenticates again and
 * writes its instances at once. The delay from the new leader to the registration is printed.
 */
@EtcdTest(nodes = 3, auth = true)
@Timeout(120)
class QuorumLossWithAuthIntegrationTests {

	private static final Duration TTL = Duration.ofSeconds(3);

	@Test
	void afterAQuorumLossWithAuthTheInstancesAreBackWithoutABackOff(EtcdCluster etcd) throws Exception {
		String namespace = TestConnections.randomNamespace();
		List<Long> reregistered = new CopyOnWriteArrayList<>();
		try (EtcdConnection connection = TestConnections.connect(etcd, namespace);
				ServiceRegistry registry = ServiceRegistry.of(connection, RegistryOptions.defaults().withTtl(TTL));
				Client peer = etcd.newClient()) {
			registry.addListener((event) -> {
				if (event.type() == Type.REREGISTERED) {
					reregistered.add(System.nanoTime());
				}
			});
			registry.register(ServiceInstance.of("orders", "a", "10.0.0.1", 8080));
			long oldLease = registry.leaseId().orElseThrow();
			EtcdNode leader = await().ignoreExceptions().until(etcd::leader, Objects::nonNull);
			EtcdNode follower = etcd.followers().get(0);

			leader.kill();
			follower.kill();
			long lostAt = System.nanoTime();
			// down well past the TTL: the lease is gone and the registry retries with growing back-off
			await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(30))
				.until(() -> System.nanoTime() - lostAt > TTL.multipliedBy(3).toNanos());
			assertThat(reregistered).isEmpty();

			long restarted = System.nanoTime();
			leader.startNoWait();
			follower.startNoWait();
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).ignoreExceptions()
				.until(etcd::leader, Objects::nonNull);
			long quorumBack = System.nanoTime(); // a little late: the probe polls every 10 ms

			await().atMost(Duration.ofSeconds(30)).until(() -> !reregistered.isEmpty());
			long back = reregistered.get(0);
			// the leader probe itself can take a while against members still starting: both figures
			System.out.printf("[figure] quorum loss with auth: nodes restarted -> leader seen %d ms, -> registration "
					+ "back %d ms (leader seen -> registration back %d ms)%n",
					TimeUnit.NANOSECONDS.toMillis(quorumBack - restarted), TimeUnit.NANOSECONDS.toMillis(back - restarted),
					TimeUnit.NANOSECONDS.toMillis(back - quorumBack));
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
				List<KeyValue> kvs = peer.getKVClient().get(bytes(namespace + "/services/orders/a")).get(5,
						TimeUnit.SECONDS).getKvs();
				assertThat(kvs).hasSize(1);
				assertThat(kvs.get(0).getLease()).isNotEqualTo(oldLease).isEqualTo(registry.leaseId().orElseThrow());
			});
		}
	}

}
