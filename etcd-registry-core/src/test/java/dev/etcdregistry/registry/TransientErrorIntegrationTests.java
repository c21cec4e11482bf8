package dev.etcdregistry.registry;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.grpc.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.registry.RegistrationEvent.Type;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.FailingCalls;
import dev.etcdregistry.testsupport.TestConnections;

import static dev.etcdregistry.client.EtcdConnection.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An etcd too busy to take a write ("etcdserver: too many requests", which a real etcd sends
 * only when its raft log runs far ahead of what it applied) or a gRPC deadline is a passing
 * state: {@code register()} keeps the instance, says it is retrying, and writes it once etcd
 * takes writes again. The failures are injected into the client's Put calls; everything else
 * runs against a real etcd.
 */
@EtcdTest
@Timeout(60)
class TransientErrorIntegrationTests {

	@ParameterizedTest
	@ValueSource(strings = { "RESOURCE_EXHAUSTED", "DEADLINE_EXCEEDED" })
	void registerKeepsTheInstanceAndRetriesWhenEtcdIsBusy(String code, EtcdCluster etcd) throws Exception {
		Status status = Status.fromCode(Status.Code.valueOf(code))
			.withDescription(code.equals("RESOURCE_EXHAUSTED") ? "etcdserver: too many requests" : null);
		FailingCalls puts = new FailingCalls("etcdserverpb.KV/Put", status);
		String namespace = TestConnections.randomNamespace();
		EtcdSettings settings = TestConnections.settings(etcd, namespace).build();
		Client client = Client.builder()
			.endpoints(etcd.endpoints().stream().map(URI::create).toArray(URI[]::new))
			.namespace(bytes(namespace))
			.interceptor(puts)
			.build();
		List<RegistrationEvent> events = new CopyOnWriteArrayList<>();
		try (EtcdConnection connection = EtcdConnection.wrap(client, settings).checked();
				ServiceRegistry registry = ServiceRegistry.of(connection, RegistryOptions.defaults()
					.withTtl(Duration.ofSeconds(5)));
				Client peer = etcd.newClient()) {
			registry.addListener(events::add);
			puts.failNext(3);

			Registration registration = registry.register(ServiceInstance.of("orders", "busy", "10.0.0.1", 8080));

			assertThat(registration.key()).isEqualTo("/services/orders/busy");
			assertThat(registry.registrations()).extracting(ServiceInstance::instanceId).containsExactly("busy");
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(peer.getKVClient()
				.get(bytes(namespace + "/services/orders/busy"), GetOption.DEFAULT)
				.get(5, TimeUnit.SECONDS)
				.getKvs()).hasSize(1));
			assertThat(puts.failed()).isEqualTo(3);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events)
				.extracting(RegistrationEvent::type).startsWith(Type.RETRYING).contains(Type.REGISTERED));
		}
	}

}
