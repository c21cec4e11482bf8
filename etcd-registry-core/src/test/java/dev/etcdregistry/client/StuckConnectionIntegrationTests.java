package dev.etcdregistry.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.config.ConfigChange;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.config.ConfigWatch;
import dev.etcdregistry.test.CuttableProxy;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.test.LeakCheck;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connection is cut and the client's reconnection is accepted and never answered (a proxy
 * or load balancer whose backend hangs, a half-dead host): gRPC waits for ever for the server's
 * first frame, so the watch, started again each request timeout, waited on that same connection
 * for good. Once even the tokenless status check gets no answer, the connection moves to new
 * connections; those that get through reach etcd while the held one stays silent. While
 * nothing gets through, moving each request timeout adds no thread, and every connection left
 * is closed by the client.
 */
@EtcdTest
@Timeout(120)
class StuckConnectionIntegrationTests {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

	/** How long no connection gets through: several request timeouts, so several moves. */
	private static final Duration BLACKHOLE = Duration.ofSeconds(10);

	@Test
	void aWatchWhoseReconnectionIsAcceptedAndNeverAnsweredFollowsEtcdAgainOnANewConnection(EtcdCluster etcd)
			throws Exception {
		LeakCheck leaks = LeakCheck.start(etcd);
		String namespace = TestConnections.randomNamespace();
		List<ConfigChange> changes = new CopyOnWriteArrayList<>();
		try (CuttableProxy proxy = CuttableProxy.to(etcd.endpoints().get(0));
				EtcdConnection connection = EtcdConnection.connect(TestConnections
					.settingsThrough(proxy.endpoint(), etcd, namespace)
					.requestTimeout(REQUEST_TIMEOUT)
					.build());
				EtcdConnection direct = TestConnections.connect(etcd, namespace);
				ConfigWatch watch = ConfigStore.of(connection).watchPrefix("/config/",
						(event) -> changes.addAll(event.changes()))) {
			ConfigStore writer = ConfigStore.of(direct);
			writer.put("/config/a", "1");
			await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(watch.values().get("/config/a")));

			proxy.cut();
			proxy.blackhole();
			await().atMost(Duration.ofSeconds(30)).until(() -> proxy.heldConnections() >= 1);
			Thread.sleep(BLACKHOLE.toMillis() / 2); // the fault lasts; the client keeps trying meanwhile
			List<String> threadsMidway = leaks.newThreads();
			Thread.sleep(BLACKHOLE.toMillis() / 2);
			List<String> threadsAtEnd = leaks.newThreads();
			int held = proxy.heldConnections();
			long renewals = connection.authTokens().renewals();

			proxy.resume(); // new connections get through; the held ones stay silent
			long written = writer.put("/config/a", "2");
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(watch.values()).as("the watch through the proxy, revision %d", written)
					.isEqualTo(Map.of("/config/a", "2")));
			assertThat(changes).extracting(ConfigChange::newValue).endsWith("2");

			System.out.printf("[figure] %d s of accepted-and-silent connections, request timeout %d ms: %d "
					+ "renewal(s), %d held connection(s) still open at the end, new threads midway %d, at the end %d%n",
					BLACKHOLE.toSeconds(), REQUEST_TIMEOUT.toMillis(), renewals, held, threadsMidway.size(),
					threadsAtEnd.size());
			assertThat(renewals).as("connection renewals while nothing answered").isGreaterThanOrEqualTo(2);
			// gRPC closes a connection it left a few seconds later (its subchannel shutdown delay): none is left
			await().atMost(Duration.ofSeconds(30)).until(() -> proxy.heldConnections() == 0);
			assertThat(threadsAtEnd).as("threads started in the second half of the fault")
				.hasSizeLessThanOrEqualTo(threadsMidway.size());
		}
		leaks.assertNothingLeft();
	}

}
