package dev.etcdregistry.internal;

import java.time.Duration;

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
 * etcd is killed and started again behind the proxy, as in {@code WatchStressIntegrationTests}:
 * while it is down the client reconnects through the proxy, whose connections must then end
 * (as they would without the proxy), so that the mirror follows etcd again once it is back. A
 * connection the proxy accepted and never answered held every watch start of the connection
 * until the GC happened to close it (30 s and more without one).
 */
@EtcdTest
@Timeout(90)
class KeyMirrorEtcdRestartIntegrationTests {

	@Test
	void aMirrorBehindTheProxyFollowsEtcdAgainAfterItWasKilledAndStarted(EtcdCluster etcd) throws Exception {
		String namespace = TestConnections.randomNamespace();
		try (CuttableProxy proxy = CuttableProxy.to(etcd.endpoints().get(0));
				EtcdConnection connection = EtcdConnection.connect(TestConnections.settingsThrough(proxy.endpoint(), etcd, namespace)
					.requestTimeout(Duration.ofSeconds(1))
					.build());
				KeyMirror mirror = new KeyMirror(connection, "/config/", true, false, update -> {
				}).start()) {
			etcd.node(0).kill();
			// the mirror's watch starts again meanwhile (its start deadline fires): the client reconnects
			await().atMost(Duration.ofSeconds(30)).until(() -> mirror.watchGeneration() >= 3);
			etcd.node(0).start();
			long written;
			try (EtcdConnection direct = TestConnections.connect(etcd, namespace)) {
				written = ConfigStore.of(direct).put("/config/a", "1");
			}
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				assertThat(mirror.revision()).isGreaterThanOrEqualTo(written);
				assertThat(mirror.state()).containsOnlyKeys("/config/a");
			});
		}
	}

}
