package dev.etcdregistry.samples.provider;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.samples.SampleApps;
import dev.etcdregistry.samples.Samples;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The provider registers under {@code /services/greeting-service/} with its real port and
 * metadata, answers {@code GET /hello} with its instance id, and leaves etcd when it stops.
 */
@EtcdTest
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ProviderIntegrationTests {

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
	void registersAnswersAndLeaves() {
		ConfigStore etcd = ConfigStore.of(this.apps.connection());
		ConfigurableApplicationContext provider = this.apps.run(ProviderApplication.class, "provider");
		Registration registration = provider.getBean(Registration.class);
		String key = "/services/greeting-service/" + registration.getInstanceId();

		assertThat(registration.getServiceId()).isEqualTo("greeting-service");
		assertThat(registration.getPort()).isEqualTo(Samples.port(provider));
		assertThat(etcd.get(key)).hasValueSatisfying((json) -> assertThat(json)
			.contains("\"host\":\"127.0.0.1\"", "\"port\":" + Samples.port(provider), "\"zone\":\"local\""));
		assertThat(this.apps.get(provider, "/hello", Greeting.class))
			.isEqualTo(new Greeting(registration.getInstanceId(), Samples.port(provider),
					"Hello from " + registration.getInstanceId()));

		this.apps.stop(provider);
		await().atMost(Duration.ofSeconds(10)).until(() -> etcd.get(key).isEmpty());
	}

}
