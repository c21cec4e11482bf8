package dev.etcdregistry.registry.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TestConnections;

import static dev.etcdregistry.client.EtcdConnection.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service names of a fleet whose keys do not fit one gRPC message: read in pages. The
 * client here takes 16 KiB messages, as jetcd's default 4 MiB is to a fleet of ~100,000
 * instances (figure 9 of the benchmarks).
 */
@EtcdTest
@Timeout(60)
class ServiceNamesIntegrationTests {

	@Test
	void listsServicesWhoseKeysExceedOneMessage(EtcdCluster etcd) throws Exception {
		String namespace = TestConnections.randomNamespace();
		EtcdSettings settings = TestConnections.settings(etcd, namespace).build();
		Client small = Client.builder()
			.endpoints(settings.endpoints().toArray(URI[]::new))
			.namespace(bytes(namespace))
			.maxInboundMessageSize(16 * 1024)
			.build();
		try (EtcdConnection writer = TestConnections.connect(etcd, namespace);
				EtcdConnection connection = EtcdConnection.wrap(small, settings).checked()) {
			List<String> expected = new ArrayList<>();
			List<Op> puts = new ArrayList<>();
			// 400 services x 3 instances, keys of ~60 bytes: ~70 KB of keys, 4x what the client takes at once
			for (int s = 0; s < 400; s++) {
				String service = String.format("service-%04d", s);
				expected.add(service);
				for (int i = 0; i < 3; i++) {
					puts.add(Op.put(bytes("/services/" + service + "/" + service + "-10.0.0." + i + "-8080"),
							bytes("{}"), PutOption.DEFAULT));
				}
			}
			puts.add(Op.put(bytes("/services/stray-key"), bytes("{}"), PutOption.DEFAULT));
			for (int first = 0; first < puts.size(); first += 100) {
				writer.client()
					.getKVClient()
					.txn()
					.Then(puts.subList(first, Math.min(puts.size(), first + 100)).toArray(Op[]::new))
					.commit()
					.get(10, TimeUnit.SECONDS);
			}

			assertThat(ServiceNames.read(connection, 100)).as("pages of 100 keys").isEqualTo(expected);
			assertThat(ServiceNames.read(connection, 2)).as("pages smaller than a service").isEqualTo(expected);
		}
	}

}
