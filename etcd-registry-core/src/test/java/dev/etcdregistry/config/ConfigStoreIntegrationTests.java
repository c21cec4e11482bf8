package dev.etcdregistry.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads and writes of {@link ConfigStore} on a real etcd: plain keys, typed JSON, prefixes,
 * compare-and-set, transactions, history and rollback.
 */
@EtcdTest
@Timeout(60)
class ConfigStoreIntegrationTests {

	private EtcdConnection connection;

	private ConfigStore store;

	@BeforeEach
	void connect(EtcdCluster etcd) {
		this.connection = TestConnections.connect(etcd, TestConnections.randomNamespace());
		this.store = ConfigStore.of(this.connection);
	}

	@AfterEach
	void close() {
		this.connection.close();
	}

	record Pool(String url, int size) {
	}

	@Test
	void putGetAndDeleteAKey() {
		long revision = this.store.put("/config/app/greeting", "hello");
		assertThat(this.store.get("/config/app/greeting")).contains("hello");
		ConfigEntry entry = this.store.getEntry("/config/app/greeting").orElseThrow();
		assertThat(entry.modRevision()).isEqualTo(revision);
		assertThat(entry.version()).isEqualTo(1);
		assertThat(entry.toString()).doesNotContain("hello");

		assertThat(this.store.delete("/config/app/greeting")).isTrue();
		assertThat(this.store.delete("/config/app/greeting")).isFalse();
		assertThat(this.store.get("/config/app/greeting")).isEmpty();
	}

	@Test
	void decodesJsonIntoTheRequestedType() {
		this.store.put("/config/app/pool", "{\"url\":\"jdbc:h2:mem\",\"size\":8}");
		assertThat(this.store.get("/config/app/pool", Pool.class)).contains(new Pool("jdbc:h2:mem", 8));
		assertThat(this.store.get("/config/app/missing", Pool.class)).isEmpty();
		assertThat(this.store.get("/config/app/pool", String.class)).contains("{\"url\":\"jdbc:h2:mem\",\"size\":8}");
	}

	@Test
	void aValueThatIsNotJsonForTheTypeNamesTheKeyButNotTheValue() {
		this.store.put("/config/app/pool", "s3cr3t-not-json");
		assertThatThrownBy(() -> this.store.get("/config/app/pool", Pool.class))
			.isInstanceOfSatisfying(EtcdRegistryException.class,
					ex -> assertThat(ex.reason()).isEqualTo(Reason.INVALID_VALUE))
			.hasMessageContaining("/config/app/pool")
			.hasMessageContaining(Pool.class.getName())
			.hasMessageNotContaining("s3cr3t");
		this.store.put("/config/app/pool", "{\"url\":\"x\",\"size\":\"s3cr3t\"}");
		assertThatThrownBy(() -> this.store.get("/config/app/pool", Pool.class))
			.hasMessageContaining("/config/app/pool")
			.hasMessageContaining("size")
			.hasMessageNotContaining("s3cr3t")
			.hasNoCause();
	}

	@Test
	void readsAndDeletesAPrefix() {
		this.store.put("/config/app/a", "1");
		this.store.put("/config/app/b", "2");
		this.store.put("/config/other/c", "3");

		ConfigSnapshot snapshot = this.store.getPrefix("/config/app/");
		assertThat(snapshot.values()).containsExactly(Map.entry("/config/app/a", "1"), Map.entry("/config/app/b", "2"));
		assertThat(snapshot.revision()).isGreaterThanOrEqualTo(snapshot.entries().get("/config/app/b").modRevision());

		assertThat(this.store.deletePrefix("/config/app/")).isEqualTo(2);
		assertThat(this.store.getAll("/config/app/")).isEmpty();
		assertThat(this.store.get("/config/other/c")).contains("3");
	}

	@Test
	void anEmptyPrefixCannotBeDeleted() {
		assertThatThrownBy(() -> this.store.deletePrefix("")).isInstanceOf(EtcdRegistryException.class)
			.hasMessageContaining("empty");
	}

	@Test
	void compareAndPutWritesOnlyOverTheExpectedRevision() {
		assertThat(this.store.compareAndPut("/config/app/counter", "1", 0)).isTrue();
		assertThat(this.store.compareAndPut("/config/app/counter", "x", 0)).isFalse();
		long revision = this.store.getEntry("/config/app/counter").orElseThrow().modRevision();
		assertThat(this.store.compareAndPut("/config/app/counter", "2", revision)).isTrue();
		assertThat(this.store.compareAndPut("/config/app/counter", "3", revision)).isFalse();
		assertThat(this.store.get("/config/app/counter")).contains("2");
	}

	@Test
	void aBatchIsAppliedAtOneRevisionOrNotAtAll() {
		this.store.put("/config/app/old", "x");
		long revision = this.store.commit(ConfigBatch.builder()
			.put("/config/app/a", "1")
			.put("/config/app/b", "2")
			.delete("/config/app/old")
			.build());
		assertThat(this.store.getEntry("/config/app/a").orElseThrow().modRevision()).isEqualTo(revision);
		assertThat(this.store.getEntry("/config/app/b").orElseThrow().modRevision()).isEqualTo(revision);
		assertThat(this.store.get("/config/app/old")).isEmpty();

		ConfigBatch conflicting = ConfigBatch.builder().ifAbsent("/config/app/a").put("/config/app/c", "3").build();
		assertThatThrownBy(() -> this.store.commit(conflicting))
			.isInstanceOfSatisfying(EtcdRegistryException.class,
					ex -> assertThat(ex.reason()).isEqualTo(Reason.CONFLICT))
			.hasMessageContaining("/config/app/a");
		assertThat(this.store.get("/config/app/c")).isEmpty();
	}

	@Test
	void historyListsEveryRetainedChangeWithOldAndNewValues() {
		long first = this.store.put("/config/app/h", "v1");
		long second = this.store.put("/config/app/h", "v2");
		this.store.delete("/config/app/h");
		long fourth = this.store.put("/config/app/h", "v3");

		List<ConfigChange> history = this.store.history("/config/app/h");
		assertThat(history).extracting(ConfigChange::type, ConfigChange::oldValue, ConfigChange::newValue)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(ConfigChange.Type.PUT, null, "v1"),
					org.assertj.core.groups.Tuple.tuple(ConfigChange.Type.PUT, "v1", "v2"),
					org.assertj.core.groups.Tuple.tuple(ConfigChange.Type.DELETE, "v2", null),
					org.assertj.core.groups.Tuple.tuple(ConfigChange.Type.PUT, null, "v3"));
		assertThat(history.get(0).revision()).isEqualTo(first);
		assertThat(history.get(1).revision()).isEqualTo(second);
		assertThat(history.get(3).revision()).isEqualTo(fourth);
	}

	@Test
	void historyOfADeletedKeyEndsWithItsDeletion() {
		this.store.put("/config/app/gone", "v1");
		this.store.delete("/config/app/gone");
		assertThat(this.store.history("/config/app/gone")).extracting(ConfigChange::type)
			.containsExactly(ConfigChange.Type.PUT, ConfigChange.Type.DELETE);
		assertThat(this.store.history("/config/app/never")).isEmpty();
	}

	@Test
	void rollbackOfAKeyRestoresItsPastValueOrAbsence() {
		long v1 = this.store.put("/config/app/r", "v1");
		this.store.put("/config/app/r", "v2");
		long rolledBack = this.store.rollback("/config/app/r", v1);
		assertThat(this.store.getEntry("/config/app/r")).map(ConfigEntry::value).contains("v1");
		assertThat(this.store.getEntry("/config/app/r").orElseThrow().modRevision()).isEqualTo(rolledBack);

		assertThat(this.store.rollback("/config/app/r", v1)).as("nothing to change").isEqualTo(rolledBack);
		this.store.rollback("/config/app/r", v1 - 1);
		assertThat(this.store.get("/config/app/r")).as("did not exist before v1").isEmpty();
	}

	@Test
	void rollbackOfAPrefixRestoresAllItsKeysInOneTransaction() {
		this.store.put("/config/app/a", "1");
		long good = this.store.put("/config/app/b", "2");
		this.store.put("/config/app/a", "changed");
		this.store.delete("/config/app/b");
		this.store.put("/config/app/c", "new");

		long revision = this.store.rollbackPrefix("/config/app/", good);

		ConfigSnapshot now = this.store.getPrefix("/config/app/");
		assertThat(now.values()).containsExactly(Map.entry("/config/app/a", "1"), Map.entry("/config/app/b", "2"));
		assertThat(now.entries().values()).allSatisfy(entry -> assertThat(entry.modRevision()).isEqualTo(revision));
	}

	@Test
	void rollbackToACompactedRevisionFailsClearly() {
		long old = this.store.put("/config/app/k", "1");
		long latest = this.store.put("/config/app/k", "2");
		this.connection.await(this.connection.client().getKVClient().compact(latest), "compaction");
		assertThatThrownBy(() -> this.store.rollback("/config/app/k", old))
			.isInstanceOfSatisfying(EtcdRegistryException.class,
					ex -> assertThat(ex.reason()).isEqualTo(Reason.COMPACTED))
			.hasMessageContaining("/config/app/k");
		assertThatThrownBy(() -> this.store.rollback("/config/app/k", latest + 1000))
			.isInstanceOf(EtcdRegistryException.class)
			.hasMessageContaining("only at revision");
	}

	@Test
	void aValueTooLargeForEtcdIsRejectedBeforeSending() {
		String huge = "x".repeat(2 * 1024 * 1024);
		assertThatThrownBy(() -> this.store.put("/config/app/huge", huge))
			.isInstanceOfSatisfying(EtcdRegistryException.class,
					ex -> assertThat(ex.reason()).isEqualTo(Reason.TOO_LARGE))
			.hasMessageContaining("/config/app/huge");
		assertThat(this.store.get("/config/app/huge")).isEqualTo(Optional.empty());
	}

	@Test
	void everyCallIsBoundedByTheRequestTimeout() {
		assertThat(this.connection.settings().requestTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThatThrownBy(() -> this.connection.await(new java.util.concurrent.CompletableFuture<>(), "put of key "
				+ "'/never'", Duration.ofMillis(200)))
			.isInstanceOfSatisfying(EtcdRegistryException.class,
					ex -> assertThat(ex.reason()).isEqualTo(Reason.TIMEOUT))
			.hasMessageContaining("/never");
	}

}
