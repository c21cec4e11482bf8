package dev.etcdregistry.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.WatchStatusEvent.Type;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.config.ConfigWatch;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TcpProxy;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees of the watches during an outage: one interruption per outage, a
 * resumption with its downtime, a re-read with the number of keys that differed, and live
 * counts of watches and cached keys that go back to zero on close.
 */
@EtcdTest
@Timeout(90)
class WatchActivityIntegrationTests {

	@Test
	void aCutIsReportedOnceAndTheResumptionCarriesItsDowntime(EtcdCluster etcd) throws Exception {
		String namespace = TestConnections.randomNamespace();
		List<WatchStatusEvent> events = new CopyOnWriteArrayList<>();
		try (EtcdConnection direct = TestConnections.connect(etcd, namespace);
				TcpProxy proxy = new TcpProxy(etcd.endpoints().get(0));
				EtcdConnection cutOff = TestConnections.connectThrough(proxy, etcd, namespace)) {
			ConfigStore writer = ConfigStore.of(direct);
			writer.put("/config/a", "1");
			WatchActivity activity = cutOff.watchActivity();
			activity.addListener(events::add);
			try (ConfigWatch watch = ConfigStore.of(cutOff).watchPrefix("/config/", change -> {
			})) {
				assertThat(activity.watches()).isEqualTo(1);
				assertThat(activity.cachedKeys()).isEqualTo(1);

				proxy.cut();
				await().atMost(Duration.ofSeconds(30)).until(() -> !events.isEmpty());
				Thread.sleep(1500); // jetcd retries meanwhile; each retry must not be a new event
				writer.put("/config/b", "2");
				proxy.restore();

				await().atMost(Duration.ofSeconds(30)).until(() -> watch.values().size() == 2);
				await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 2);
				Thread.sleep(300); // a RESYNCED may follow a RESUMED when jetcd ends the resumed stream
				// jetcd either resumes the stream (RESUMED) or, after some failures, ends it, and the
				// mirror reads again (RESYNCED); both carry the downtime and end in the same state
				assertThat(events).extracting(WatchStatusEvent::type)
					.startsWith(Type.INTERRUPTED)
					.containsOnlyOnce(Type.INTERRUPTED)
					.hasSizeBetween(2, 3);
				WatchStatusEvent recovered = events.get(1);
				assertThat(recovered.type()).isIn(Type.RESUMED, Type.RESYNCED);
				assertThat(recovered.target()).isEqualTo("prefix '/config/'");
				assertThat(recovered.downtime()).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
				assertThat(activity.interruptions()).isEqualTo(1);
				assertThat(activity.resumptions() + activity.resyncs()).isEqualTo(events.size() - 1);
				assertThat(activity.eventsApplied()).isEqualTo(1);
				assertThat(activity.cachedKeys()).isEqualTo(2);
			}
			assertThat(activity.watches()).isZero();
			assertThat(activity.cachedKeys()).isZero();
		}
	}

	@Test
	void aReReadAfterCompactionReportsHowManyKeysDiffered(EtcdCluster etcd) throws Exception {
		String namespace = TestConnections.randomNamespace();
		List<WatchStatusEvent> events = new CopyOnWriteArrayList<>();
		try (EtcdConnection direct = TestConnections.connect(etcd, namespace);
				TcpProxy proxy = new TcpProxy(etcd.endpoints().get(0));
				EtcdConnection cutOff = TestConnections.connectThrough(proxy, etcd, namespace)) {
			ConfigStore writer = ConfigStore.of(direct);
			writer.put("/services/orders/a", "{\"host\":\"a\",\"port\":1}");
			writer.put("/services/orders/b", "{\"host\":\"b\",\"port\":2}");
			cutOff.watchActivity().addListener(events::add);
			try (ServiceDiscovery discovery = ServiceDiscovery.of(cutOff)) {
				proxy.cut();
				writer.delete("/services/orders/a");
				writer.put("/services/orders/c", "{\"host\":\"c\",\"port\":3}");
				writer.put("/services/orders/b", "{\"host\":\"b\",\"port\":2}"); // same value: no difference
				long latest = writer.getPrefix("/").revision();
				direct.await(direct.client().getKVClient().compact(latest), "compaction");
				proxy.restore();

				// discovery also mirrors /service-overrides/ (empty here): follow the instances' watch
				await().atMost(Duration.ofSeconds(30))
					.until(() -> events.stream()
						.anyMatch(event -> event.type() == Type.RESYNCED && event.target().equals("prefix '/services/'")));
				List<WatchStatusEvent> ofServices = events.stream()
					.filter(event -> event.target().equals("prefix '/services/'"))
					.toList();
				WatchStatusEvent resynced = ofServices.stream()
					.filter(event -> event.type() == Type.RESYNCED)
					.findFirst()
					.orElseThrow();
				assertThat(resynced.differences()).isEqualTo(2);
				assertThat(resynced.revision()).isGreaterThanOrEqualTo(latest);
				// jetcd reports the compaction, or (after some cuts) just ends the stream: either way a re-read
				assertThat(resynced.detail()).containsAnyOf("compacted", "stream ended");
				// the stream comes back first (RESUMED, with the downtime), then etcd says the history is gone
				assertThat(ofServices).extracting(WatchStatusEvent::type)
					.startsWith(Type.INTERRUPTED)
					.endsWith(Type.RESYNCED);
				assertThat(cutOff.watchActivity().resyncs()).as("re-reads: instances and overrides").isBetween(1L, 2L);
				assertThat(cutOff.watchActivity().cachedKeys()).isEqualTo(2);
				assertThat(discovery.instances("orders")).extracting(i -> i.instanceId()).containsExactly("b", "c");
			}
		}
	}

}
