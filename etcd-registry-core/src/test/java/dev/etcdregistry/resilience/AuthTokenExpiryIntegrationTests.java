package dev.etcdregistry.resilience;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 6a: etcd's simple auth tokens expire when unused for {@code --auth-token-ttl}
 * seconds. An application that only renews its lease and watches (neither of which uses the
 * token once the stream is open) sits idle past several token lifetimes, then must still see
 * changes, keep its registration, and read and write.
 */
@EtcdTest(auth = true, extraArgs = { "--auth-token-ttl=2" })
@Timeout(120)
class AuthTokenExpiryIntegrationTests {

	@Test
	void scenario6TokenExpiryLeavesEverythingWorking(EtcdCluster etcd) throws Exception {
		try (AuthApp app = new AuthApp(etcd)) {
			long lease = app.registry.leaseId().orElseThrow();
			for (int round = 1; round <= 2; round++) {
				Thread.sleep(Duration.ofSeconds(7).toMillis()); // idle: more than three token lifetimes
				Duration recovery = app.assertRecovered(etcd, "idle-" + round);
				System.out.printf("[figure] auth token expiry, round %d: working again %d ms after the idle spell%n",
						round, recovery.toMillis());
			}
			// a write of the registry's own after the token died: a new registration
			app.registry.register(ServiceInstance.of("orders", "late", "10.0.0.2", 8081));
			app.assertConfigExact(etcd);
			assertThat(app.registry.leaseId()).as("the lease was kept alive all along").hasValue(lease);
		}
	}

}
