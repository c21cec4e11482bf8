package dev.etcdregistry.boot.resilience;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.boot.testsupport.EtcdApps;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdNode;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * etcd is down when the application starts ({@code etcd.fail-fast=false}): it starts from the
 * snapshot an earlier run left, registers and discovers once etcd is back, and receives what
 * changed while it was down as changes — resumed from the snapshot's revision when etcd still
 * has it, read again when etcd compacted it.
 */
@EtcdTest
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StartFromSnapshotIntegrationTests {

	@TempDir
	Path dir;

	private EtcdApps apps;

	private EtcdNode node;

	private EtcdConnection writer;

	private ConfigStore store;

	@BeforeEach
	void setUp(EtcdCluster etcd) {
		this.node = etcd.node(0);
		this.apps = new EtcdApps(etcd);
		this.writer = EtcdConnection.open(EtcdSettings.builder()
			.endpoints(etcd.endpoints())
			.namespace(this.apps.namespace())
			.requestTimeout(Duration.ofSeconds(2))
			.build());
		this.store = ConfigStore.of(this.writer);
	}

	@AfterEach
	void tearDown() throws Exception {
		this.node.start();
		this.apps.close();
		this.writer.close();
	}

	@Test
	void startsFromTheSnapshotAndResumesFromItsRevisionWhenEtcdIsBack(CapturedOutput output) throws Exception {
		Path snapshot = this.dir.resolve("snap/config.json");
		long written = firstRunLeavesSnapshot(snapshot);
		// changes made while the application is down
		this.store.put("/config/snap/orders.limit", "6");
		this.store.put(SnapshotApp.LIMIT_KEY, "8");
		this.node.stop();

		long start = System.nanoTime();
		ConfigurableApplicationContext context = this.apps.run(SnapshotApp.class, false,
				SnapshotApp.properties(snapshot));
		System.out.printf("[figure] started from the snapshot with etcd down in %d ms%n", millisSince(start));
		assertThat(context.getEnvironment().getProperty("orders.limit")).isEqualTo("5");
		SnapshotApp.Limits limits = context.getBean(SnapshotApp.Limits.class);
		assertThat(limits.limit).isEqualTo(7);
		assertThat(limits.apiToken).isEqualTo("none"); // sensitive: not in the snapshot
		SnapshotApp.Events events = context.getBean(SnapshotApp.Events.class);
		assertThat(events.snapshotUsed).singleElement()
			.satisfies((used) -> assertThat(used.getRevision()).isEqualTo(written));
		assertThat(output).containsOnlyOnce("starting from the local config snapshot " + snapshot)
			.contains("Instance 'snap-127.0.0.1-7001-")
			.contains("is registered as soon as etcd answers");

		this.node.start();
		long back = System.nanoTime();
		try (EtcdConnection peer = EtcdConnection.connect(EtcdSettings.builder()
			.endpoints(this.node.clientEndpoint())
			.namespace(this.apps.namespace())
			.build()); ServiceDiscovery discovery = ServiceDiscovery.of(peer)) {
			await().atMost(Duration.ofSeconds(60)).until(() -> !discovery.instances("snap").isEmpty());
			System.out.printf("[figure] registered %d ms after etcd came back%n", millisSince(back));
			assertThat(discovery.instances("snap")).singleElement()
				.satisfies((instance) -> assertThat(instance.port()).isEqualTo(7001));
		}
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(context.getEnvironment().getProperty("orders.limit")).isEqualTo("6");
			assertThat(limits.limit).isEqualTo(8);
			assertThat(limits.apiToken).isEqualTo("t0k3n-9f2");
		});
		System.out.printf("[figure] config caught up %d ms after etcd came back%n", millisSince(back));
		// the event follows the rebinding (and the refresh scope), after the Environment changed
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(events.changed)
			.anySatisfy((change) -> assertThat(change.getPropertyNames()).contains("orders.limit")));
		// the application's own discovery (started in the background while etcd was down) catches up
		// on its own schedule, independent of the peer's fresh read above
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(context.getBean(ServiceDiscovery.class).instances("snap")).hasSize(1));
		// resumed from the snapshot's revision: no full re-read of the imported prefix or the key
		assertThat(output).doesNotContain("Re-read prefix '/config/").doesNotContain("Re-read key '/flags/limit'");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(SnapshotApp.read(snapshot).at("/keys/~1flags~1limit/value").asString())
				.isEqualTo("8"));
	}

	@Test
	void readsEverythingAgainWhenEtcdCompactedTheSnapshotsRevision(CapturedOutput output) throws Exception {
		Path snapshot = this.dir.resolve("config.json");
		firstRunLeavesSnapshot(snapshot);
		this.store.put("/config/snap/orders.limit", "9");
		long last = this.store.put(SnapshotApp.LIMIT_KEY, "10");
		this.writer.await(this.writer.client().getKVClient().compact(last), "compaction");
		this.node.stop();

		ConfigurableApplicationContext context = this.apps.run(SnapshotApp.class, false,
				SnapshotApp.properties(snapshot));
		SnapshotApp.Limits limits = context.getBean(SnapshotApp.Limits.class);
		assertThat(context.getEnvironment().getProperty("orders.limit")).isEqualTo("5");
		assertThat(limits.limit).isEqualTo(7);

		this.node.start();
		long back = System.nanoTime();
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(context.getEnvironment().getProperty("orders.limit")).isEqualTo("9");
			assertThat(limits.limit).isEqualTo(10);
		});
		System.out.printf("[figure] compacted snapshot revision: config re-read %d ms after etcd came back%n",
				millisSince(back));
		// the import watches this application's contexts, one prefix each
		assertThat(output).contains("Watch on prefix '/config/snap/' fell behind etcd's compaction")
			.contains("Watch on key '/flags/limit' fell behind etcd's compaction")
			.contains("Re-read prefix '/config/snap/'");
	}

	/** Puts the keys, runs the application once with etcd up and waits for its snapshot. */
	private long firstRunLeavesSnapshot(Path snapshot) throws Exception {
		this.store.put("/config/snap/orders.limit", "5");
		this.store.put(SnapshotApp.TOKEN_KEY, "t0k3n-9f2");
		long revision = this.store.put(SnapshotApp.LIMIT_KEY, "7");
		ConfigurableApplicationContext first = this.apps.run(SnapshotApp.class, false,
				SnapshotApp.properties(snapshot));
		assertThat(first.getBean(SnapshotApp.Limits.class).limit).isEqualTo(7);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(SnapshotApp.read(snapshot)).isNotNull();
			assertThat(SnapshotApp.read(snapshot).at("/imports/~1config~1/revision").asLong())
				.isGreaterThanOrEqualTo(revision);
			assertThat(SnapshotApp.read(snapshot).at("/keys/~1flags~1limit/value").asString()).isEqualTo("7");
		});
		first.close();
		return SnapshotApp.read(snapshot).get("revision").asLong();
	}

	private static long millisSince(long start) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
	}

}
