package dev.etcdregistry.boot.config;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdNode;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * etcd goes away after the import read its keys and before the watch starts: the application
 * (whose own connection does not insist on etcd at startup) still starts with the imported
 * values, and the watch catches up once etcd is back.
 */
@EtcdTest
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EtcdConfigImportRecoveryIntegrationTests {

	private static volatile EtcdNode node;

	private final String namespace = "/it-" + UUID.randomUUID().toString().substring(0, 8);

	@Test
	void watchStartsOnceEtcdIsBack(EtcdCluster etcd, CapturedOutput output) {
		node = etcd.node(0);
		EtcdSettings settings = EtcdSettings.builder().endpoints(etcd.endpoints()).namespace(this.namespace).build();
		try (EtcdConnection writer = EtcdConnection.connect(settings)) {
			ConfigStore store = ConfigStore.of(writer);
			store.put("/config/orders/orders.limit", "1");
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
				.web(WebApplicationType.NONE)
				.run("--etcd.endpoints=" + etcd.endpointsAsString(), "--etcd.namespace=" + this.namespace,
						"--etcd.request-timeout=1s", "--spring.application.name=orders",
						"--spring.config.import=etcd:")) {
				assertThat(context.getEnvironment().getProperty("orders.limit")).isEqualTo("1");
				assertThat(output).contains("Could not watch etcd prefix '/config/'");
				node.start();
				await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
					store.put("/config/orders/orders.limit", "2");
					return true;
				});
				await().atMost(Duration.ofSeconds(60))
					.untilAsserted(() -> assertThat(context.getEnvironment().getProperty("orders.limit")).isEqualTo("2"));
			}
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EtcdAutoConfiguration.class, EtcdConfigAutoConfiguration.class })
	static class App {

		/** Stops etcd after the import, before the context starts its lifecycle beans. */
		@Bean
		static BeanFactoryPostProcessor stopEtcd() {
			return (beanFactory) -> node.stop();
		}

		/** A connection that is not checked at startup, as the auto-configured one is. */
		@Bean(destroyMethod = "close")
		EtcdConnection etcdConnection(org.springframework.core.env.Environment environment) {
			EtcdSettings settings = EtcdSettings.builder()
				.endpoints(environment.getRequiredProperty("etcd.endpoints"))
				.namespace(environment.getRequiredProperty("etcd.namespace"))
				.requestTimeout(Duration.ofSeconds(1))
				.build();
			io.etcd.jetcd.Client client = io.etcd.jetcd.Client.builder()
				.endpoints(settings.endpoints().toArray(java.net.URI[]::new))
				.namespace(EtcdConnection.bytes(settings.namespace()))
				.build();
			return EtcdConnection.wrap(client, settings);
		}

	}

}
