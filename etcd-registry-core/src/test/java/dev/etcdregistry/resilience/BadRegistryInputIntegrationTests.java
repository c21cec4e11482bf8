package dev.etcdregistry.resilience;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import dev.etcdregistry.testsupport.StderrCapture;
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

	/**
	 * Scenario 9: every kind of bad value or key is one warning line that names the key (not
	 * one per re-read or per later change), and every other key stays exact. Unicode and
	 * {@code %} are legal in names (etcd keys are bytes; a Chinese service name is a real one),
	 * so they are kept as written, never decoded.
	 */
	@Test
	void scenario9EachBadValueOrKeyIsOneWarningNamingItsKey(EtcdCluster etcd) throws Exception {
		String ns = TestConnections.randomNamespace();
		Map<String, byte[]> bad = new LinkedHashMap<>();
		bad.put("/services/orders/plain-text", "hello".getBytes(StandardCharsets.UTF_8));
		bad.put("/services/orders/truncated", "{\"host\":\"h\",\"port\":80".getBytes(StandardCharsets.UTF_8));
		bad.put("/services/orders/not-utf8", new byte[] { '{', '"', 'h', 'o', 's', 't', '"', ':', '"', (byte) 0xC3,
				(byte) 0x28, '"', '}' });
		bad.put("/services/orders/huge", "x".repeat(1_000_000).getBytes(StandardCharsets.UTF_8));
		bad.put("/services/orders/port-text", json("\"eighty\""));
		bad.put("/services/orders/port-negative", json("-1"));
		bad.put("/services/orders/port-object", json("{\"value\":80}"));
		bad.put("/services/orders/port-too-big", json("70000"));
		bad.put("/services/orders/port-fraction", json("80.5"));
		bad.put("/services/orders/host-number", "{\"host\":10,\"port\":80}".getBytes(StandardCharsets.UTF_8));
		bad.put("/services/or ders/space", json("80"));
		bad.put("/services/orders/with space", json("80"));
		bad.put("/services/orders/a/b", json("80"));
		bad.put("/services//empty-service", json("80"));
		bad.put("/services/orders/", json("80"));
		bad.put("/services/orders", json("80"));
		try (StderrCapture log = new StderrCapture();
				EtcdConnection connection = TestConnections.connect(etcd, ns);
				ServiceDiscovery discovery = ServiceDiscovery.of(connection);
				Client peer = etcd.newClient()) {
			put(peer, ns + "/services/orders/good-1", json("8080"));
			for (Map.Entry<String, byte[]> entry : bad.entrySet()) {
				put(peer, ns + entry.getKey(), entry.getValue());
			}
			put(peer, ns + "/services/orders/ünïcødé-1", json("8081"));
			put(peer, ns + "/services/orders/pct%41%2F", json("8082"));
			put(peer, ns + "/services/订单/实例-1", json("8083"));
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(discovery.instances("orders"))
				.extracting(ServiceInstance::instanceId)
				.containsExactly("good-1", "pct%41%2F", "ünïcødé-1"));
			// later changes of other keys do not warn again about the bad ones
			put(peer, ns + "/services/orders/good-2", json("8084"));
			put(peer, ns + "/services/订单/实例-1", json("8085"));
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(discovery.instances("orders")).extracting(ServiceInstance::instanceId)
					.containsExactly("good-1", "good-2", "pct%41%2F", "ünïcødé-1");
				assertThat(discovery.instances("订单")).extracting(ServiceInstance::port).containsExactly(8085);
			});
			assertThat(discovery.services()).containsExactly("orders", "订单");
			for (String key : bad.keySet()) {
				assertThat(log.linesContaining("Ignoring registry key '" + key + "'")).as(key).hasSize(1);
			}
			assertThat(log.linesContaining("Ignoring registry key")).hasSize(bad.size());
			assertThat(log.linesContaining("x".repeat(100))).as("a value is never quoted").isEmpty();
		}
	}

	private static byte[] json(String port) {
		return ("{\"host\":\"10.0.0.9\",\"port\":" + port + "}").getBytes(StandardCharsets.UTF_8);
	}

	private static void put(Client peer, String key, byte[] value) throws Exception {
		peer.getKVClient().put(ByteSequence.from(key, StandardCharsets.UTF_8), ByteSequence.from(value)).get();
	}

}
