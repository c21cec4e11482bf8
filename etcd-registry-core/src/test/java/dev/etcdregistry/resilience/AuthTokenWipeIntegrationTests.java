package dev.etcdregistry.resilience;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.config.ConfigChange;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 6c: etcd wiped and set up again with the same root user. A simple token ends in the
 * raft index it was issued at; the new cluster has not reached that index, and etcd 3.4 makes
 * every request bearing the old token wait until it does — possibly forever. Nothing of the
 * app may wait like that: the registration comes back under a new lease and discovery and the
 * config watch are read again.
 */
@EtcdTest(auth = true)
@Timeout(150)
class AuthTokenWipeIntegrationTests {

	@Test
	void scenario6WipeWithAuthWaitsOnNothingAndResyncsEverything(EtcdCluster etcd) throws Exception {
		try (Client busy = etcd.newClient()) {
			for (int i = 0; i < 300; i++) { // the app's token will name a raft index the new cluster never reaches
				busy.getKVClient().put(AuthApp.bytes("/busy"), AuthApp.bytes(Integer.toString(i))).get(10,
						TimeUnit.SECONDS);
			}
		}
		try (AuthApp app = new AuthApp(etcd)) {
			try (Client before = etcd.newClient()) {
				app.put(before, "/config/app/gone", "before the wipe");
				app.put(before, "/services/orders/foreign", "{\"host\":\"10.0.2.1\",\"port\":1}");
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> app.watch.value("/config/app/gone").isPresent()
					&& app.discovery.instances("orders").size() == 2);
			long lease = app.registry.leaseId().orElseThrow();
			app.configEvents.clear();

			etcd.node(0).wipe();
			long wiped = System.nanoTime();

			app.assertRecovered(etcd, "wiped");
			System.out.printf("[figure] etcd wiped with auth: working again %d ms after etcd was healthy%n",
					Duration.ofNanos(System.nanoTime() - wiped).toMillis());
			// "foreign" is never written back: discovery keeps it through the wipe for its hold (10 s), then drops it
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(app.discovery.instances("orders")).extracting(ServiceInstance::instanceId)
					.containsExactlyInAnyOrder("mine", "peer-wiped"));
			assertThat(app.registry.leaseId().orElseThrow()).isNotEqualTo(lease);
			app.assertConfigExact(etcd);
			assertThat(app.watch.value("/config/app/gone")).isEmpty();
			assertThat(app.configEvents).flatExtracting(event -> event.changes())
				.filteredOn(change -> change.key().equals("/config/app/gone"))
				.extracting(ConfigChange::type)
				.containsExactly(ConfigChange.Type.DELETE);
			// the registry's guard on its key watches again: a delete from outside is put back
			try (Client after = etcd.newClient()) {
				after.getKVClient().delete(AuthApp.bytes(app.namespace + "/services/orders/mine")).get(10, TimeUnit.SECONDS);
				await().atMost(AuthApp.RECOVERY)
					.untilAsserted(() -> assertThat(app.get(after, "/services/orders/mine")).hasSize(1));
			}
		}
	}

}
