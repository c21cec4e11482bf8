package dev.etcdregistry.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TcpProxy;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A 3-node etcd with auth is wiped entirely while two providers keep running. The providers
 * reach etcd through proxies the test cuts during the wipe and restores only once the consumer
 * has re-read the empty new cluster, so the re-read always comes before they have written
 * themselves back (the interleaving seen in the field, made certain). The consumer never lists
 * fewer than the two live instances; an instance that is really gone (nobody writes it back)
 * leaves once the hold is over.
 */
@EtcdTest(nodes = 3, auth = true)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class DiscoveryWipeProtectionIntegrationTests {

	@Test
	void aWipeNeverEmptiesConsumersOfLiveInstances(EtcdCluster etcd) throws Exception {
		String namespace = TestConnections.randomNamespace();
		try (TcpProxy firstProxy = new TcpProxy(etcd.endpoints().get(0));
				TcpProxy secondProxy = new TcpProxy(etcd.endpoints().get(1));
				EtcdConnection first = TestConnections.connectThrough(firstProxy, etcd, namespace);
				EtcdConnection second = TestConnections.connectThrough(secondProxy, etcd, namespace);
				EtcdConnection consumer = TestConnections.connect(etcd, namespace);
				ServiceRegistry one = ServiceRegistry.of(first);
				ServiceRegistry two = ServiceRegistry.of(second);
				ServiceDiscovery discovery = ServiceDiscovery.of(consumer)) {
			one.register(ServiceInstance.of("greeting", "one", "127.0.0.1", 8081));
			two.register(ServiceInstance.of("greeting", "two", "127.0.0.1", 8082));
			ConfigStore.of(consumer).put("/services/greeting/departed", "{\"host\":\"127.0.0.1\",\"port\":8083}");
			for (int i = 0; i < 30; i++) {
				ConfigStore.of(consumer).put("/config/busy", Integer.toString(i)); // the old revision runs ahead
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> discovery.instances("greeting").size() == 3);
			AtomicInteger fewest = new AtomicInteger(Integer.MAX_VALUE);
			AtomicBoolean sampling = new AtomicBoolean(true);
			Thread sampler = new Thread(() -> {
				while (sampling.get()) {
					List<ServiceInstance> now = discovery.instances("greeting");
					long live = now.stream().filter(i -> !i.instanceId().equals("departed")).count();
					fewest.accumulateAndGet((int) live, Math::min);
					Thread.onSpinWait();
				}
			}, "sampler");
			sampler.start();

			long before = discovery.revision();
			firstProxy.cut();
			secondProxy.cut();
			etcd.wipe();
			// the consumer re-reads the new cluster (its revisions start over) before the providers are back
			await().atMost(Duration.ofSeconds(30)).until(() -> discovery.revision() < before);
			assertThat(discovery.instances("greeting")).extracting(ServiceInstance::instanceId)
				.as("right after the re-read of the empty cluster")
				.contains("one", "two");
			firstProxy.restore();
			secondProxy.restore();

			try (Client raw = etcd.newClient()) {
				await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(raw.getKVClient()
					.get(bytes(namespace + "/services/greeting/"), GetOption.builder().isPrefix(true).build())
					.get(5, TimeUnit.SECONDS)
					.getCount()).isEqualTo(2));
			}
			// the "departed" instance was never written back: it leaves once the hold is over
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(discovery.instances("greeting"))
				.extracting(ServiceInstance::instanceId)
				.containsExactly("one", "two"));
			sampling.set(false);
			sampler.join();
			assertThat(fewest.get()).as("fewest live instances the consumer listed during the wipe").isEqualTo(2);
		}
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

}
