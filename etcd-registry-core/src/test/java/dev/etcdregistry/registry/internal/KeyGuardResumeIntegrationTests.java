package dev.etcdregistry.registry.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.test.CuttableProxy;
import dev.etcdregistry.test.CuttableProxy.Direction;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A guard started from the revision after our write must see a delete that happened since, even
 * when the stream breaks right after etcd's "created" response (jetcd 0.8.7 would resume past
 * the catch-up events, the delete among them).
 */
@EtcdTest
@Timeout(60)
class KeyGuardResumeIntegrationTests {

	@Test
	void aDeleteInTheCatchUpIsSeenEvenWhenTheStreamBreaksAfterCreated(EtcdCluster etcd) throws Exception {
		String namespace = TestConnections.randomNamespace();
		List<String> deleted = new CopyOnWriteArrayList<>();
		try (EtcdConnection direct = TestConnections.connect(etcd, namespace);
				CuttableProxy proxy = CuttableProxy.to(etcd.endpoints().get(0))) {
			ConfigStore store = ConfigStore.of(direct);
			long written = store.put("/services/orders/a", "{\"host\":\"h\",\"port\":1}");
			store.delete("/services/orders/a");
			store.put("/services/other/b", "{\"host\":\"h\",\"port\":2}");
			store.put("/services/other/b", "{\"host\":\"h\",\"port\":3}");
			CompletableFuture<Void> cut = proxy.cutAfter(Direction.TO_CLIENT, CuttableProxy.watchCreated());
			try (EtcdConnection cutOff = TestConnections.connectThrough(proxy.endpoint(), etcd, namespace);
					KeyGuard guard = new KeyGuard(cutOff, "/services/orders/a", written + 1, deleted::add)) {
				cut.get(30, TimeUnit.SECONDS);
				proxy.resume();
				await().atMost(java.time.Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(deleted).contains("/services/orders/a"));
			}
		}
	}

}
