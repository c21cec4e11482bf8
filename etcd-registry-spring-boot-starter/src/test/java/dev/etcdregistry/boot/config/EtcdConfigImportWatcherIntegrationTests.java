package dev.etcdregistry.boot.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;

import dev.etcdregistry.boot.connection.SensitiveKeys;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.config.ConfigWatch;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The import watcher's start paths that do not read first (in the background, resumed from a
 * local snapshot): an update that reaches the watcher before it keeps its watch is applied, not
 * dropped. The seam holds the start until the watcher has handled that update.
 */
@EtcdTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EtcdConfigImportWatcherIntegrationTests {

	private final String namespace = "/it-" + UUID.randomUUID().toString().substring(0, 8);

	private EtcdConnection writer;

	private ConfigStore store;

	private EtcdConnection connection;

	private AnnotationConfigApplicationContext context;

	@BeforeEach
	void setUp(EtcdCluster etcd) {
		EtcdSettings settings = EtcdSettings.builder().endpoints(etcd.endpoints()).namespace(this.namespace).build();
		this.writer = EtcdConnection.connect(settings);
		this.store = ConfigStore.of(this.writer);
		this.connection = EtcdConnection.open(settings);
		this.context = new AnnotationConfigApplicationContext(WithPropertiesBinding.class);
	}

	@AfterEach
	void tearDown() {
		this.context.close();
		this.connection.close();
		this.writer.close();
	}

	@Test
	void theFirstBackgroundReadIsAppliedWhenItComesBeforeTheWatchIsKept() {
		this.store.put("/config/orders/orders.limit", "7");
		EtcdPropertySource source = new EtcdPropertySource("etcd:test", List.of("/config/orders/"));
		EtcdConfigImportWatcher watcher = watcher(source);
		watcher.startup(null, null, false); // fail-fast off, connection not verified: background start
		watcher.beforeWatchIsKept = (watch) -> await().until(() -> watcher.handledEvents.get() > 0);
		watcher.start();
		try {
			assertThat(source.getProperty("orders.limit")).isEqualTo("7");
		}
		finally {
			watcher.close();
		}
	}

	@Test
	void aChangeAfterTheResumedRevisionIsAppliedWhenItComesBeforeTheWatchIsKept(@TempDir Path dir) {
		long revision = this.store.put("/config/orders/orders.limit", "7");
		long clusterId;
		try (ConfigWatch probe = this.store.watch("/config/orders/orders.limit", (event) -> {
		})) {
			clusterId = probe.clusterId();
		}
		this.store.put("/config/orders/orders.limit", "8");
		snapshot(dir).updateImport("/config/", List.of("/config/orders/"), revision, clusterId,
				Map.of("/config/orders/orders.limit", "7"));
		LocalConfigSnapshot local = snapshot(dir); // as the next run finds it
		EtcdPropertySource source = new EtcdPropertySource("etcd:test", List.of("/config/orders/"));
		source.update(Map.of("/config/orders/orders.limit", "7"));
		EtcdConfigImportWatcher watcher = watcher(source);
		watcher.startup(local, local.importSection("/config/").orElseThrow(), true);
		watcher.beforeWatchIsKept = (watch) -> await().until(() -> watcher.handledEvents.get() > 0);
		watcher.start();
		try {
			assertThat(source.getProperty("orders.limit")).isEqualTo("8");
		}
		finally {
			watcher.close();
		}
	}

	private LocalConfigSnapshot snapshot(Path dir) {
		return new LocalConfigSnapshot(dir.resolve("snapshot.json"), this.namespace, SensitiveKeys.defaults(), false,
				LogFactory.getLog(LocalConfigSnapshot.class));
	}

	private EtcdConfigImportWatcher watcher(EtcdPropertySource source) {
		return new EtcdConfigImportWatcher(() -> this.connection, "/config/", List.of(source), this.context, true);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties
	static class WithPropertiesBinding {

	}

}
