package dev.etcdregistry.boot.config;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.etcdregistry.boot.config.EtcdConfigImportIntegrationTests.OrdersProperties;
import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Shared contexts, explicit locations ({@code etcd:/a/prefix/;/a/doc.yaml}) and documents in
 * one key against a real etcd: imported, followed on change by the Environment and
 * {@code @ConfigurationProperties}, a broken document keeping its previous version.
 */
@EtcdTest
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EtcdConfigDocumentsIntegrationTests {

	private static final String YAML = """
			orders:
			  limit: 3
			  greeting: from yaml
			---
			spring.config.activate.on-profile: prod
			orders:
			  greeting: from yaml, prod section
			""";

	private final String namespace = "/it-" + UUID.randomUUID().toString().substring(0, 8);

	private EtcdConnection writer;

	private ConfigStore store;

	@BeforeEach
	void connect(EtcdCluster etcd) {
		this.writer = EtcdConnection.connect(EtcdSettings.builder()
			.endpoints(etcd.endpoints())
			.namespace(this.namespace)
			.build());
		this.store = ConfigStore.of(this.writer);
	}

	@AfterEach
	void close() {
		this.writer.close();
	}

	@Test
	void sharedContextsAreReadBetweenTheDefaultContextAndTheApplicationsAndWatched(EtcdCluster etcd) {
		this.store.put("/config/application/orders.greeting", "from application");
		this.store.put("/config/application/orders.limit", "1");
		this.store.put("/config/common/orders.greeting", "from common");
		this.store.put("/config/common/orders.limit", "2");
		this.store.put("/config/db/orders.limit", "3");
		this.store.put("/config/orders/orders.greeting", "from orders");
		this.store.put("/config/unlisted/orders.limit", "99");
		try (ConfigurableApplicationContext context = run(etcd, "etcd:", "--etcd.config.shared-contexts=common,db")) {
			OrdersProperties orders = context.getBean(OrdersProperties.class);
			assertThat(orders.getGreeting()).isEqualTo("from orders");
			assertThat(orders.getLimit()).isEqualTo(3);
			this.store.delete("/config/db/orders.limit");
			await().untilAsserted(() -> assertThat(orders.getLimit()).isEqualTo(2));
			this.store.put("/config/common/orders.limit", "4");
			await().untilAsserted(() -> assertThat(orders.getLimit()).isEqualTo(4));
			assertThat(context.getEnvironment().getProperty("orders.limit")).isEqualTo("4");
		}
	}

	@Test
	void aYamlDocumentIsImportedWithItsProfileSectionAndFollowed(EtcdCluster etcd) {
		this.store.put("/config/orders/application.yaml", YAML);
		try (ConfigurableApplicationContext context = run(etcd, "etcd:", "--spring.profiles.active=prod")) {
			OrdersProperties orders = context.getBean(OrdersProperties.class);
			assertThat(orders.getLimit()).isEqualTo(3);
			assertThat(orders.getGreeting()).isEqualTo("from yaml, prod section");
			assertThat(context.getEnvironment().getProperty("application.yaml")).isNull();
			this.store.put("/config/orders/application.yaml", YAML.replace("limit: 3", "limit: 7"));
			await().untilAsserted(() -> assertThat(orders.getLimit()).isEqualTo(7));
			assertThat(context.getEnvironment().getProperty("orders.limit")).isEqualTo("7");
			// a key-per-property key of the same context wins over the document
			this.store.put("/config/orders/orders/limit", "8");
			await().untilAsserted(() -> assertThat(orders.getLimit()).isEqualTo(8));
		}
	}

	@Test
	void withoutTheProfileItsSectionIsLeftOut(EtcdCluster etcd) {
		this.store.put("/config/orders/application.yaml", YAML);
		try (ConfigurableApplicationContext context = run(etcd, "etcd:")) {
			assertThat(context.getBean(OrdersProperties.class).getGreeting()).isEqualTo("from yaml");
		}
	}

	@Test
	void aBrokenDocumentKeepsItsPreviousVersionWithOneWarningAndAnEvent(EtcdCluster etcd, CapturedOutput output) {
		this.store.put("/shared/orders.yaml", YAML);
		try (ConfigurableApplicationContext context = run(etcd, "etcd:/shared/orders.yaml")) {
			OrdersProperties orders = context.getBean(OrdersProperties.class);
			Rejections rejections = context.getBean(Rejections.class);
			this.store.put("/shared/orders.yaml", "orders:\n  limit: 5\n password: [hunter2\n");
			await().untilAsserted(() -> assertThat(rejections.events).hasSize(1));
			assertThat(rejections.events.get(0).getKey()).isEqualTo("/shared/orders.yaml");
			assertThat(rejections.events.get(0).getLine()).isEqualTo(3);
			assertThat(rejections.events.get(0).isPreviousVersionKept()).isTrue();
			assertThat(orders.getLimit()).isEqualTo(3);
			assertThat(context.getEnvironment().getProperty("orders.limit")).isEqualTo("3");
			assertThat(output).contains("etcd key '/shared/orders.yaml' does not parse as a document (line 3)")
				.doesNotContain("hunter2");
			this.store.put("/shared/orders.yaml", YAML.replace("limit: 3", "limit: 6"));
			await().untilAsserted(() -> assertThat(orders.getLimit()).isEqualTo(6));
			assertThat(rejections.events).hasSize(1);
		}
	}

	@Test
	void explicitPrefixAndDocumentInOneImportLaterWinning(EtcdCluster etcd) {
		this.store.put("/teams/orders/orders/limit", "11");
		this.store.put("/teams/orders/orders/greeting", "from prefix");
		this.store.put("/docs/orders.properties", "orders.greeting=from properties document\n");
		this.store.put("/config/orders/orders.greeting", "from the application context, not imported");
		try (ConfigurableApplicationContext context = run(etcd, "etcd:/teams/orders/;/docs/orders.properties")) {
			OrdersProperties orders = context.getBean(OrdersProperties.class);
			assertThat(orders.getLimit()).isEqualTo(11);
			assertThat(orders.getGreeting()).isEqualTo("from properties document");
			this.store.put("/teams/orders/orders/limit", "12");
			await().untilAsserted(() -> assertThat(orders.getLimit()).isEqualTo(12));
		}
	}

	@Test
	void commaSeparatedLocationsWithOptionalPerLocation(EtcdCluster etcd) {
		this.store.put("/teams/orders/orders/limit", "21");
		try (ConfigurableApplicationContext context = run(etcd,
				"etcd:/teams/orders/,optional:etcd:/missing/doc.yaml,etcd:")) {
			assertThat(context.getBean(OrdersProperties.class).getLimit()).isEqualTo(21);
		}
		assertThatException().isThrownBy(() -> run(etcd, "etcd:/teams/orders/,etcd:/missing/doc.yaml").close())
			.isInstanceOf(ConfigDataResourceNotFoundException.class)
			.withMessageContaining("'etcd:/missing/doc.yaml'");
	}

	private ConfigurableApplicationContext run(EtcdCluster etcd, String location, String... args) {
		List<String> all = new ArrayList<>(List.of("--etcd.endpoints=" + etcd.endpointsAsString(),
				"--etcd.namespace=" + this.namespace, "--spring.application.name=orders",
				"--spring.config.import=" + location));
		all.addAll(List.of(args));
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).run(all.toArray(String[]::new));
	}

	static class Rejections implements ApplicationListener<EtcdConfigDocumentRejectedEvent> {

		final List<EtcdConfigDocumentRejectedEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(EtcdConfigDocumentRejectedEvent event) {
			this.events.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EtcdAutoConfiguration.class, EtcdConfigAutoConfiguration.class })
	@EnableConfigurationProperties(OrdersProperties.class)
	static class App {

		@Bean
		Rejections rejections() {
			return new Rejections();
		}

	}

}
