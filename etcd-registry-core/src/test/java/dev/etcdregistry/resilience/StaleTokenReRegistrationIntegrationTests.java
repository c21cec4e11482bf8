package dev.etcdregistry.resilience;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.registry.RegistryOptions;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.FailingCalls;
import dev.etcdregistry.testsupport.TestConnections;

import static dev.etcdregistry.client.EtcdConnection.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When the grant of a new lease meets a bare {@code UNAUTHENTICATED} (jetcd's login failed, or
 * a restarted member no longer knows the token, as right after a quorum came back), the
 * registry logs in again and retries at once instead of waiting its back-off. The back-off is
 * set to 30 s here, so an instance back within 10 s proves it did not wait; the status is
 * injected into the next grants (a real cluster gives it only by chance of timing).
 */
@EtcdTest(nodes = 3, auth = true)
@Timeout(90)
class StaleTokenReRegistrationIntegrationTests {

	@Test
	void aGrantRefusedForItsTokenIsRetriedAtOnce(EtcdCluster etcd) throws Exception {
		FailingCalls grants = new FailingCalls("etcdserverpb.Lease/LeaseGrant", Status.UNAUTHENTICATED);
		String namespace = TestConnections.randomNamespace();
		EtcdSettings settings = TestConnections.settings(etcd, namespace).build();
		Client client = Client.builder()
			.endpoints(etcd.endpoints().stream().map(URI::create).toArray(URI[]::new))
			.namespace(bytes(namespace))
			.user(bytes(etcd.rootUser()))
			.password(bytes(etcd.rootPassword()))
			.interceptor(grants)
			.build();
		RegistryOptions slowRetries = new RegistryOptions(Duration.ofSeconds(3), Duration.ofSeconds(30),
				Duration.ofSeconds(30));
		try (EtcdConnection connection = EtcdConnection.wrap(client, settings).checked();
				ServiceRegistry registry = ServiceRegistry.of(connection, slowRetries);
				Client peer = etcd.newClient()) {
			registry.register(ServiceInstance.of("orders", "a", "10.0.0.1", 8080));
			long oldLease = registry.leaseId().orElseThrow();
			// two: the lease's loss reaches the registry twice (keep-alive and the key's guard), each may grant
			grants.failNext(2);

			peer.getLeaseClient().revoke(oldLease).get(10, TimeUnit.SECONDS);

			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				List<KeyValue> kvs = peer.getKVClient().get(bytes(namespace + "/services/orders/a")).get(5,
						TimeUnit.SECONDS).getKvs();
				assertThat(kvs).hasSize(1);
				assertThat(kvs.get(0).getLease()).isNotEqualTo(oldLease);
			});
			assertThat(grants.failed()).as("grants that met UNAUTHENTICATED").isEqualTo(2);
		}
	}

}
