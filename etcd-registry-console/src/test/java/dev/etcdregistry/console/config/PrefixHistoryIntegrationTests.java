package dev.etcdregistry.console.config;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.config.ConfigBatch;
import dev.etcdregistry.config.ConfigChange;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;

/** A context's history from one replayed watch, before and after etcd compacted its history. */
@EtcdTest
class PrefixHistoryIntegrationTests {

	@Test
	void everyRetainedChangeUnderThePrefixIncludingDeletesAndNothingElse(EtcdCluster etcd) {
		try (EtcdConnection connection = EtcdConnection.connect(EtcdSettings.builder().endpoints(etcd.endpoints())
			.build())) {
			ConfigStore store = ConfigStore.of(connection);
			long first = store.put("/config/ctx/a", "1");
			store.put("/config/other/x", "not this context");
			store.put("/config/ctx,prod/a", "not this context either");
			long both = store.commit(ConfigBatch.builder().put("/config/ctx/a", "2").put("/config/ctx/b", "3").build());
			store.delete("/config/ctx/b");
			List<ConfigChange> changes = new PrefixHistory(connection).read("/config/ctx/");
			assertThat(changes).extracting(ConfigChange::key, ConfigChange::type, ConfigChange::newValue,
					ConfigChange::revision)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("/config/ctx/a", ConfigChange.Type.PUT, "1", first),
						org.assertj.core.groups.Tuple.tuple("/config/ctx/a", ConfigChange.Type.PUT, "2", both),
						org.assertj.core.groups.Tuple.tuple("/config/ctx/b", ConfigChange.Type.PUT, "3", both),
						org.assertj.core.groups.Tuple.tuple("/config/ctx/b", ConfigChange.Type.DELETE, null, both + 1));
			assertThat(changes.get(1).oldValue()).isEqualTo("1");

			connection.await(connection.client().getKVClient().compact(both), "compact");
			List<ConfigChange> retained = new PrefixHistory(connection).read("/config/ctx/");
			assertThat(retained).extracting(ConfigChange::revision).containsExactly(both, both, both + 1);
		}
	}

	@Test
	void aHistoryLongerThanOneReplayBatchIsReadToItsEnd(EtcdCluster etcd) {
		try (EtcdConnection connection = EtcdConnection.connect(EtcdSettings.builder().endpoints(etcd.endpoints())
			.build())) {
			ConfigStore store = ConfigStore.of(connection);
			// etcd replays at most 1,000 revisions per response, the next ones a sync loop (100 ms) later
			int count = PrefixHistory.REVISIONS_PER_SYNC + 300;
			long last = 0;
			for (int i = 0; i < count; i++) {
				last = store.put("/config/long/k" + (i % 7), Integer.toString(i));
			}
			List<ConfigChange> changes = new PrefixHistory(connection).read("/config/long/");
			assertThat(changes).hasSize(count);
			assertThat(changes.get(count - 1).revision()).isEqualTo(last);
			assertThat(changes.get(count - 1).newValue()).isEqualTo(Integer.toString(count - 1));
		}
	}

	@Test
	void anEmptyPrefixHasNoHistory(EtcdCluster etcd) {
		try (EtcdConnection connection = EtcdConnection.connect(EtcdSettings.builder().endpoints(etcd.endpoints())
			.build())) {
			ConfigStore.of(connection).put("/config/elsewhere/k", "v");
			assertThat(new PrefixHistory(connection).read("/config/nothing-here/")).isEmpty();
		}
	}

}
