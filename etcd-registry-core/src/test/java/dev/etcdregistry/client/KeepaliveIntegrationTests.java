package dev.etcdregistry.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.config.ConfigWatch;
import dev.etcdregistry.registry.RegistryOptions;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdNode;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * etcd accepts a keep-alive ping at most every {@code --grpc-keepalive-min-time} (5 s by
 * default), and none at all on a connection without a call in flight; after three such pings
 * it answers {@code GOAWAY ENHANCE_YOUR_CALM "too_many_pings"} and drops the connection. On a
 * three-node cluster the client holds a connection to each member, and only some carry the
 * watch and lease streams: the others idle. A fault (a member restarted) and a quiet spell of
 * more than three keep-alive intervals later, grpc must not have logged a single such GOAWAY.
 */
@EtcdTest(nodes = 3)
@Timeout(120)
class KeepaliveIntegrationTests {

	/** grpc-java's Netty transport logs the GOAWAY through java.util.logging; kept so the handler stays. */
	private static final Logger grpcNetty = Logger.getLogger("io.grpc.netty.NettyClientHandler");

	@Test
	void etcdNeverAsksTheClientToPingLess(EtcdCluster etcd) {
		List<String> calm = new CopyOnWriteArrayList<>();
		Handler capture = new Handler() {

			@Override
			public void publish(LogRecord record) {
				String text = String.valueOf(record.getMessage()) + " " + List.of(
						(record.getParameters() != null) ? record.getParameters() : new Object[0]);
				if (text.contains("ENHANCE_YOUR_CALM") || text.contains("too_many_pings")) {
					calm.add(text);
				}
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}
		};
		grpcNetty.addHandler(capture);
		try (EtcdConnection connection = TestConnections.connect(etcd, TestConnections.randomNamespace());
				ServiceRegistry registry = ServiceRegistry.of(connection, RegistryOptions.defaults());
				ConfigWatch watch = ConfigStore.of(connection).watchPrefix("/config/", (event) -> {
				})) {
			ConfigStore store = ConfigStore.of(connection);
			registry.register(ServiceInstance.of("orders", "a", "10.0.0.1", 8080));
			EtcdNode follower = etcd.followers().get(0);
			follower.restart();
			store.put("/config/after-restart", "1");

			// more than four keep-alive intervals (10 s) of quiet: etcd would have sent its GOAWAY in it
			await().during(Duration.ofSeconds(55)).atMost(Duration.ofSeconds(60)).until(calm::isEmpty);
			assertThat(calm).isEmpty();
		}
		finally {
			grpcNetty.removeHandler(capture);
		}
	}

}
