package dev.etcdregistry.boot.resilience;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdNode;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The snapshot file itself: private from creation on and without secrets; a corrupt one is
 * reported and ignored; without one, a required {@code etcd:} import cannot start while etcd
 * is down and says what to do.
 */
@EtcdTest
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SnapshotFileIntegrationTests {

	private static final String SECRET = "s3cret-41b7";

	@TempDir
	Path dir;

	private EtcdApps apps;

	private EtcdNode node;

	private EtcdConnection writer;

	@BeforeEach
	void setUp(EtcdCluster etcd) {
		this.node = etcd.node(0);
		this.apps = new EtcdApps(etcd);
		this.writer = EtcdConnection.connect(EtcdSettings.builder()
			.endpoints(etcd.endpoints())
			.namespace(this.apps.namespace())
			.build());
	}

	@AfterEach
	void tearDown() throws Exception {
		this.node.start();
		this.apps.close();
		this.writer.close();
	}

	@Test
	void snapshotIsPrivateLeavesSecretsOutAndTheyComeBackWithEtcd() throws Exception {
		ConfigStore store = ConfigStore.of(this.writer);
		store.put("/config/snap/orders.limit", "5");
		store.put("/config/snap/db.password", SECRET);
		store.put(SnapshotApp.TOKEN_KEY, SECRET);
		store.put(SnapshotApp.LIMIT_KEY, "7");
		Path snapshot = this.dir.resolve("private/snap.json");
		ConfigurableApplicationContext first = this.apps.run(SnapshotApp.class, false,
				SnapshotApp.properties(snapshot));
		assertThat(first.getEnvironment().getProperty("db.password")).isEqualTo(SECRET);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(SnapshotApp.read(snapshot).at("/keys/~1flags~1limit/value").asString())
				.isEqualTo("7"));
		String content = Files.readString(snapshot);
		assertThat(content).contains("/config/snap/orders.limit").doesNotContain(SECRET).doesNotContain("password")
			.doesNotContain(SnapshotApp.TOKEN_KEY);
		assertThat(SnapshotApp.read(snapshot).at("/imports/~1config~1/omittedSensitive").asInt()).isEqualTo(1);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(snapshot))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(snapshot.getParent())))
			.isEqualTo("rwx------");
		try (var files = Files.list(snapshot.getParent())) {
			assertThat(files).as("no temporary file left behind").containsExactly(snapshot);
		}
		first.close();

		this.node.stop();
		ConfigurableApplicationContext second = this.apps.run(SnapshotApp.class, false,
				SnapshotApp.properties(snapshot));
		assertThat(second.getEnvironment().getProperty("orders.limit")).isEqualTo("5");
		assertThat(second.getEnvironment().getProperty("db.password")).isNull();
		this.node.start();
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(second.getEnvironment().getProperty("db.password")).isEqualTo(SECRET);
			assertThat(second.getBean(SnapshotApp.Limits.class).apiToken).isEqualTo(SECRET);
		});
		assertThat(Files.readString(snapshot)).doesNotContain(SECRET);
	}

	@Test
	void corruptSnapshotIsReportedAndTreatedAsAbsent(CapturedOutput output) throws Exception {
		Path snapshot = this.dir.resolve("corrupt.json");
		Files.writeString(snapshot, "{\"format\":1,\"revision\":");
		this.node.stop();
		Throwable failure = catchThrowable(
				() -> this.apps.run(SnapshotApp.class, false, SnapshotApp.properties(snapshot)));
		assertThat(failure).hasStackTraceContaining("has no config to start from")
			.hasStackTraceContaining("no usable local snapshot at " + snapshot + " (it cannot be read")
			.hasStackTraceContaining("optional:etcd:")
			.hasStackTraceContaining("etcd.config.snapshot.enabled");

		ConfigurableApplicationContext context = this.apps.run(SnapshotApp.class, false,
				SnapshotApp.properties(snapshot, "spring.config.import=optional:etcd:"));
		assertThat(context.getEnvironment().getProperty("orders.limit")).isNull();
		assertThat(output).containsOnlyOnce("Ignoring the local config snapshot " + snapshot + ": it cannot be read");
	}

	@Test
	void withoutSnapshotARequiredImportFailsAndAnOptionalOneStartsEmpty() {
		this.node.stop();
		Throwable failure = catchThrowable(() -> this.apps.run(SnapshotApp.class, false,
				SnapshotApp.properties(this.dir.resolve("none.json"), "etcd.config.snapshot.enabled=false")));
		assertThat(failure).hasStackTraceContaining("has no config to start from")
			.hasStackTraceContaining("optional:etcd:")
			.hasStackTraceContaining("etcd.config.snapshot.enabled=false");

		ConfigurableApplicationContext context = this.apps.run(SnapshotApp.class, false,
				SnapshotApp.properties(this.dir.resolve("none.json"), "spring.config.import=optional:etcd:",
						"etcd.config.snapshot.enabled=false"));
		assertThat(context.getEnvironment().getProperty("orders.limit")).isNull();
		assertThat(context.getBean(SnapshotApp.Limits.class).limit).isZero();
	}

}
