package dev.etcdregistry.resilience;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

/**
 * Scenario 6b: restarting an etcd that has auth enabled invalidates every simple token at
 * once. Watches, the lease keep-alive, reads and writes must authenticate again by
 * themselves, every time: the restart is repeated, since a client that recovers by luck
 * passes once and fails on a later round.
 */
@EtcdTest(auth = true, extraArgs = { "--auth-token-ttl=3" })
@Timeout(240)
class AuthTokenRestartIntegrationTests {

	@Test
	void scenario6RestartWithAuthReauthenticatesEveryStreamEveryTime(EtcdCluster etcd) throws Exception {
		try (AuthApp app = new AuthApp(etcd)) {
			for (int round = 1; round <= 4; round++) {
				etcd.node(0).restart();
				Duration recovery = app.assertRecovered(etcd, "restart-" + round);
				System.out.printf("[figure] etcd restart with auth, round %d: working again %d ms after etcd was "
						+ "healthy%n", round, recovery.toMillis());
			}
			app.assertConfigExact(etcd);
		}
	}

}
