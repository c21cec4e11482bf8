package dev.etcdregistry.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigChange.Type;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TcpProxy;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Watches on a real etcd: every change arrives once, in order, with old and new value; a
 * transaction is one event; the watch survives a restart of etcd and a compaction of the
 * history it missed while cut off.
 */
@EtcdTest
@Timeout(90)
class ConfigWatchIntegrationTests {

	private final List<ConfigChangeEvent> events = new CopyOnWriteArrayList<>();

	private String namespace;

	private EtcdConnection connection;

	private ConfigStore store;

	@BeforeEach
	void connect(EtcdCluster etcd) {
		this.namespace = TestConnections.randomNamespace();
		this.connection = TestConnections.connect(etcd, this.namespace);
		this.store = ConfigStore.of(this.connection);
	}

	@AfterEach
	void close() {
		this.connection.close();
	}

	@Test
	void aKeyWatchSeesPutChangeAndDeleteWithOldAndNewValues() {
		this.store.put("/config/app/flag", "off");
		try (ConfigWatch watch = this.store.watch("/config/app/flag", this.events::add)) {
			assertThat(watch.value("/config/app/flag")).contains("off");
			long on = this.store.put("/config/app/flag", "on");
			this.store.put("/config/app/flag", "on");
			this.store.put("/config/app/flagship", "not watched");
			long deleted = this.store.delete("/config/app/flag") ? this.store.getPrefix("/").revision() : -1;

			await().atMost(Duration.ofSeconds(10)).until(() -> this.events.size() >= 2);
			assertThat(this.events).hasSize(2);
			ConfigChange put = this.events.get(0).changes().get(0);
			assertThat(put).isEqualTo(new ConfigChange("/config/app/flag", Type.PUT, "off", "on", on));
			ConfigChange delete = this.events.get(1).changes().get(0);
			assertThat(delete).isEqualTo(new ConfigChange("/config/app/flag", Type.DELETE, "on", null, deleted));
			assertThat(watch.values()).isEmpty();
			assertThat(watch.revision()).isEqualTo(deleted);
		}
	}

	@Test
	void aTransactionOnAPrefixArrivesAsOneEvent() {
		try (ConfigWatch watch = this.store.watchPrefix("/config/app/", this.events::add)) {
			long revision = this.store.commit(ConfigBatch.builder()
				.put("/config/app/a", "1")
				.put("/config/app/b", "2")
				.put("/config/other/c", "3")
				.build());
			await().atMost(Duration.ofSeconds(10)).until(() -> !this.events.isEmpty());
			ConfigChangeEvent event = this.events.get(0);
			assertThat(event.revision()).isEqualTo(revision);
			assertThat(event.keys()).containsExactlyInAnyOrder("/config/app/a", "/config/app/b");
			assertThat(event.resync()).isFalse();
			assertThat(watch.values()).containsExactly(Map.entry("/config/app/a", "1"), Map.entry("/config/app/b", "2"));
		}
	}

	@Test
	void closingAWatchStopsItsEvents() {
		ConfigWatch watch = this.store.watch("/config/app/x", this.events::add);
		watch.close();
		this.store.put("/config/app/x", "1");
		long marker = this.store.put("/config/app/y", "1");
		try (ConfigWatch other = this.store.watch("/config/app/y", e -> {
		})) {
			assertThat(other.revision()).isGreaterThanOrEqualTo(marker);
		}
		assertThat(this.events).isEmpty();
	}

	@Test
	void aFailingListenerDoesNotStopTheWatch() {
		try (ConfigWatch watch = this.store.watch("/config/app/boom", event -> {
			this.events.add(event);
			throw new IllegalStateException("listener bug");
		})) {
			this.store.put("/config/app/boom", "1");
			this.store.put("/config/app/boom", "2");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.events.size() == 2);
			assertThat(watch.value("/config/app/boom")).contains("2");
		}
	}

	@Test
	void aWatchSurvivesAnEtcdRestartAndDeliversTheFinalValue(EtcdCluster etcd) {
		try (ConfigWatch watch = this.store.watch("/config/app/restart", this.events::add)) {
			this.store.put("/config/app/restart", "before");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.events.size() == 1);

			etcd.node(0).stop();
			etcd.node(0).start();

			try (EtcdConnection writer = TestConnections.connect(etcd, this.namespace)) {
				ConfigStore other = ConfigStore.of(writer);
				other.put("/config/app/restart", "after-1");
				other.put("/config/app/restart", "after-2");
			}
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(watch.value("/config/app/restart")).contains("after-2"));
			assertThat(this.events).last()
				.extracting(event -> event.changes().get(0).newValue())
				.isEqualTo("after-2");
		}
	}

	@Test
	void aWatchCutOffWhileEtcdCompactsItsHistoryRereadsAndReportsTheRealDifferences(EtcdCluster etcd)
			throws Exception {
		this.store.put("/config/app/keep", "same");
		this.store.put("/config/app/change", "old");
		this.store.put("/config/app/remove", "x");
		try (TcpProxy proxy = new TcpProxy(etcd.endpoints().get(0));
				EtcdConnection cutOff = TestConnections.connectThrough(proxy, etcd, this.namespace);
				ConfigWatch watch = ConfigStore.of(cutOff).watchPrefix("/config/app/", this.events::add)) {
			proxy.cut();
			this.store.put("/config/app/change", "intermediate");
			this.store.put("/config/app/change", "new");
			this.store.delete("/config/app/remove");
			this.store.put("/config/app/added", "y");
			this.store.put("/config/app/keep", "same");
			long latest = this.store.getPrefix("/config/app/").revision();
			this.connection.await(this.connection.client().getKVClient().compact(latest), "compaction");
			proxy.restore();

			await().atMost(Duration.ofSeconds(30)).until(() -> !this.events.isEmpty());
			assertThat(watch.values()).containsExactlyInAnyOrderEntriesOf(Map.of("/config/app/keep", "same",
					"/config/app/change", "new", "/config/app/added", "y"));
			assertThat(this.events).hasSize(1);
			ConfigChangeEvent resync = this.events.get(0);
			assertThat(resync.resync()).isTrue();
			assertThat(resync.changes()).extracting(ConfigChange::key, ConfigChange::type, ConfigChange::oldValue,
					ConfigChange::newValue)
				.containsExactlyInAnyOrder(
						org.assertj.core.groups.Tuple.tuple("/config/app/change", Type.PUT, "old", "new"),
						org.assertj.core.groups.Tuple.tuple("/config/app/remove", Type.DELETE, "x", null),
						org.assertj.core.groups.Tuple.tuple("/config/app/added", Type.PUT, null, "y"));
		}
	}

}
