package dev.etcdregistry.resilience;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.ServiceChangeEvent;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whatever other writers put under /services/ — bytes that are not UTF-8, truncated or huge
 * JSON, wrong types, odd keys, polymorphic type hints — is skipped; the cache stays exact for
 * every valid instance, before and after, and the watch keeps going.
 */
@EtcdTest
@Timeout(60)
class BadRegistryInputIntegrationTests {

	@Test
	void foreignValuesAreSkippedAndTheCacheStaysExact(EtcdCluster etcd) throws Exception {
		String ns = TestConnections.randomNamespace();
		List<ServiceChangeEvent> events = new CopyOnWriteArrayList<>();
		try (EtcdConnection connection = TestConnections.connect(etcd, ns);
				ServiceDiscovery discovery = ServiceDiscovery.of(connection);
				Client peer = etcd.newClient()) {
			discovery.addListener(events::add);
			put(peer, ns + "/services/orders/good-1", "{\"host\":\"10.0.0.1\",\"port\":8080}".getBytes());
			put(peer, ns + "/services/orders/latin1", new byte[] { '{', '"', 'h', (byte) 0xE9, '"', ':', '1', '}' });
			put(peer, ns + "/services/orders/binary", new byte[] { (byte) 0xFF, (byte) 0xFE, 0, 1, 2 });
			put(peer, ns + "/services/orders/truncated", "{\"host\":\"10.0.0.2\",\"po".getBytes());
			put(peer, ns + "/services/orders/types", "{\"host\":[1,2],\"port\":{\"x\":1}}".getBytes());
			put(peer, ns + "/services/orders/port-text", "{\"host\":\"h\",\"port\":\"eighty\"}".getBytes());
			put(peer, ns + "/services/orders/huge-garbage", ("{\"host\":\"h\",\"port\":1,\"pad\":\"" + "x".repeat(1_000_000)
					+ "\"").getBytes());
			put(peer, ns + "/services/orders/typed", ("{\"@class\":\"java.lang.ProcessBuilder\",\"host\":\"10.0.0.3\","
					+ "\"port\":8082,\"metadata\":{\"@type\":\"java.net.URL\"}}").getBytes());
			put(peer, ns + "/services/orders/other-owner", "{\"host\":\"h\",\"port\":1,\"serviceName\":\"billing\"}"
				.getBytes());
			put(peer, ns + "/services/or ders/x", "{\"host\":\"h\",\"port\":1}".getBytes());
			put(peer, ns + "/services/orders/a/b", "{\"host\":\"h\",\"port\":1}".getBytes());
			put(peer, ns + "/services/orders", "{\"host\":\"h\",\"port\":1}".getBytes());
			put(peer, ns + "/services/orders/good-2", "{\"host\":\"10.0.0.2\",\"port\":8081}".getBytes());

			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(discovery.instances("orders"))
				.extracting(ServiceInstance::instanceId)
				.containsExactly("good-1", "good-2", "typed"));
			ServiceInstance typed = discovery.instances("orders").get(2);
			assertThat(typed.host()).isEqualTo("10.0.0.3");
			assertThat(typed.metadata()).as("type hints are dropped or stay plain strings, never types")
				.doesNotContainKey("@class")
				.allSatisfy((key, value) -> assertThat(value).isInstanceOf(String.class));
			assertThat(discovery.services()).containsExactly("orders");

			put(peer, ns + "/services/orders/good-1", "not json any more".getBytes());
			put(peer, ns + "/services/orders/good-3", "{\"host\":\"10.0.0.4\",\"port\":8083}".getBytes());
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(discovery.instances("orders"))
				.extracting(ServiceInstance::instanceId)
				.containsExactly("good-2", "good-3", "typed"));
			assertThat(events).allSatisfy(event -> assertThat(event.instances())
				.allSatisfy(instance -> assertThat(instance.instanceId()).isIn("good-1", "good-2", "good-3", "typed")));
		}
	}

	private static void put(Client peer, String key, byte[] value) throws Exception {
		peer.getKVClient().put(ByteSequence.from(key, StandardCharsets.UTF_8), ByteSequence.from(value)).get();
	}

}
