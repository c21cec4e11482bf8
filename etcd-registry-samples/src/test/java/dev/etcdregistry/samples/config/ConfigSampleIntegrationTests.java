package dev.etcdregistry.samples.config;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.samples.SampleApps;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The config sample against an etcd with authentication on (like the docker-compose one):
 * {@code GET /config} follows keys written while it runs, both the {@code @EtcdConfigValue}
 * fields and the imported {@code @ConfigurationProperties}.
 */
@EtcdTest(auth = true)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ConfigSampleIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private SampleApps apps;

	@BeforeEach
	void start(EtcdCluster etcd) {
		this.apps = new SampleApps(etcd);
	}

	@AfterEach
	void stop() {
		this.apps.close();
	}

	@Test
	void startsWithTheValuesInEtcdAndFollowsChanges() {
		ConfigStore etcd = ConfigStore.of(this.apps.connection());
		etcd.put("/config/config-sample/shop/discount-percent", "5");
		ConfigurableApplicationContext app = this.apps.run(ConfigSampleApplication.class, "config-sample");
		assertThat(config(app)).isEqualTo(new CurrentConfig("Hello", false, 5, "Welcome"));

		etcd.put("/config/application/shop/banner", "Black Friday");
		etcd.put("/config/config-sample/shop/discount-percent", "15");
		etcd.put("/features/greeting", "Hello from etcd");
		etcd.put("/features/new-checkout", "true");
		awaitConfig(app, new CurrentConfig("Hello from etcd", true, 15, "Black Friday"));
	}

	@Test
	void theApplicationsOwnKeysWinAndDeletionsFallBack() {
		ConfigStore etcd = ConfigStore.of(this.apps.connection());
		etcd.put("/config/config-sample/shop/discount-percent", "15");
		etcd.put("/features/greeting", "Hi");
		etcd.put("/features/new-checkout", "true");
		ConfigurableApplicationContext app = this.apps.run(ConfigSampleApplication.class, "config-sample");
		assertThat(config(app)).isEqualTo(new CurrentConfig("Hi", true, 15, "Welcome"));

		etcd.put("/config/application/shop/discount-percent", "50");
		etcd.put("/config/application/shop/banner", "Sale");
		awaitConfig(app, new CurrentConfig("Hi", true, 15, "Sale"));

		etcd.delete("/features/greeting");
		etcd.delete("/features/new-checkout");
		etcd.delete("/config/config-sample/shop/discount-percent");
		// the greeting has a default, the flag keeps its last value, the shared key now shows
		awaitConfig(app, new CurrentConfig("Hello", true, 50, "Sale"));
	}

	private CurrentConfig config(ConfigurableApplicationContext app) {
		return this.apps.get(app, "/config", CurrentConfig.class);
	}

	private void awaitConfig(ConfigurableApplicationContext app, CurrentConfig expected) {
		await().atMost(WAIT).untilAsserted(() -> assertThat(config(app)).isEqualTo(expected));
	}

}
