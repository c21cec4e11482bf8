package dev.etcdregistry.boot.config;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.config.ConfigBatch;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.test.LeakCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * {@code spring.config.import=etcd:} against a real etcd: precedence of the contexts, changes
 * applied to the Environment and to {@code @ConfigurationProperties} beans (by our own
 * rebinding, and through Spring Cloud's rebinder when it is in the context), one event per
 * etcd transaction, and startup with etcd unreachable.
 */
@EtcdTest
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EtcdConfigImportIntegrationTests {

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
		this.store.put("/config/application/shared.flag", "on");
		this.store.put("/config/application/orders.greeting", "hello from application");
		this.store.put("/config/orders/orders.greeting", "hello from orders");
		this.store.put("/config/orders/orders/limit", "5");
		this.store.put("/config/orders,prod/orders.greeting", "hello from orders,prod");
		this.store.put("/config/billing/orders.limit", "99");
	}

	@AfterEach
	void close() {
		this.writer.close();
	}

	@Test
	void importsTheApplicationAndProfileContextsLaterOnesWinning(EtcdCluster etcd) {
		try (ConfigurableApplicationContext context = run(etcd, App.class, "etcd:", "--spring.profiles.active=prod")) {
			assertThat(context.getEnvironment().getProperty("shared.flag")).isEqualTo("on");
			assertThat(context.getEnvironment().getProperty("orders.limit")).isEqualTo("5");
			assertThat(context.getEnvironment().getProperty("orders.greeting")).isEqualTo("hello from orders,prod");
			OrdersProperties orders = context.getBean(OrdersProperties.class);
			assertThat(orders.getLimit()).isEqualTo(5);
			assertThat(orders.getGreeting()).isEqualTo("hello from orders,prod");
		}
	}

	@Test
	void withoutProfileTheApplicationContextWinsOverTheSharedOne(EtcdCluster etcd) {
		try (ConfigurableApplicationContext context = run(etcd, App.class, "etcd:")) {
			assertThat(context.getEnvironment().getProperty("orders.greeting")).isEqualTo("hello from orders");
		}
	}

	@Test
	void aTransactionRebindsPropertiesWithOneEvent(EtcdCluster etcd) {
		try (ConfigurableApplicationContext context = run(etcd, App.class, "etcd:")) {
			OrdersProperties orders = context.getBean(OrdersProperties.class);
			ChangeEvents events = context.getBean(ChangeEvents.class);
			assertThat(context.getBeanNamesForType(ConfigurationPropertiesRebinder.class))
				.as("Spring Cloud's rebinder is not in this context: our own rebinding is under test")
				.isEmpty();
			long revision = this.store.commit(ConfigBatch.builder()
				.put("/config/orders/orders/limit", "6")
				.put("/config/orders/orders.greeting", "hi")
				.put("/config/billing/orders.limit", "100")
				.build());
			await().untilAsserted(() -> assertThat(orders.getLimit()).isEqualTo(6));
			assertThat(orders.getGreeting()).isEqualTo("hi");
			assertThat(context.getEnvironment().getProperty("orders.greeting")).isEqualTo("hi");
			assertThat(events.changes).singleElement().satisfies((event) -> {
				assertThat(event.getRevision()).isEqualTo(revision);
				assertThat(event.getKeys()).contains("/config/orders/orders/limit", "/config/orders/orders.greeting");
				assertThat(event.getPropertyNames()).containsExactlyInAnyOrder("orders.limit", "orders.greeting");
			});
			this.store.delete("/config/orders/orders.greeting");
			await().untilAsserted(() -> assertThat(context.getEnvironment().getProperty("orders.greeting"))
				.isEqualTo("hello from application"));
			await().untilAsserted(() -> assertThat(orders.getGreeting()).isEqualTo("hello from application"));
			assertThat(events.changes).hasSize(2);
		}
	}

	@Test
	void withSpringCloudItsRebinderGetsAnEnvironmentChangeEvent(EtcdCluster etcd) {
		try (ConfigurableApplicationContext context = run(etcd, CloudApp.class, "etcd:")) {
			assertThat(context.getBeanNamesForType(ConfigurationPropertiesRebinder.class)).hasSize(1);
			OrdersProperties orders = context.getBean(OrdersProperties.class);
			CloudEvents cloudEvents = context.getBean(CloudEvents.class);
			this.store.put("/config/orders/orders/limit", "8");
			await().untilAsserted(() -> assertThat(orders.getLimit()).isEqualTo(8));
			// rebound by Spring Cloud's rebinder, then announced to every other listener
			await().untilAsserted(() -> assertThat(cloudEvents.events).singleElement()
				.satisfies((event) -> assertThat(event.getKeys()).containsExactly("orders.limit")));
		}
	}

	@Test
	void aValueThatDoesNotConvertKeepsThePreviousPropertiesAndBean(EtcdCluster etcd) {
		keepsPreviousValuesOnABadChange(etcd, App.class);
	}

	@Test
	void aValueThatDoesNotConvertKeepsThePreviousPropertiesAndBeanWithSpringCloud(EtcdCluster etcd) {
		keepsPreviousValuesOnABadChange(etcd, CloudApp.class);
	}

	private void keepsPreviousValuesOnABadChange(EtcdCluster etcd, Class<?> app) {
		try (ConfigurableApplicationContext context = run(etcd, app, "etcd:")) {
			OrdersProperties orders = context.getBean(OrdersProperties.class);
			this.store.put("/config/orders/orders/limit", "lots");
			this.store.put("/config/orders/orders.greeting", "after the bad one");
			// the later, good change is refused too while the bad value is there: one revision at a time
			this.store.put("/config/orders/orders/limit", "8");
			await().untilAsserted(() -> {
				assertThat(context.getEnvironment().getProperty("orders.limit")).isEqualTo("8");
				assertThat(orders.getLimit()).isEqualTo(8);
				assertThat(orders.getGreeting()).isEqualTo("after the bad one");
			});
		}
	}

	@Test
	void aBadValueNeverReachesTheBeanNorTheEnvironment(EtcdCluster etcd, CapturedOutput output) {
		try (ConfigurableApplicationContext context = run(etcd, CloudApp.class, "etcd:")) {
			OrdersProperties orders = context.getBean(OrdersProperties.class);
			CloudEvents cloudEvents = context.getBean(CloudEvents.class);
			this.store.put("/config/orders/orders/limit", "lots");
			await().until(() -> output.getOut().contains("not applied to the imported properties [orders.limit]"));
			assertThat(context.getEnvironment().getProperty("orders.limit")).isEqualTo("5");
			assertThat(orders.getLimit()).isEqualTo(5);
			assertThat(cloudEvents.events).as("Spring Cloud's rebinder was never asked").isEmpty();
			assertThat(output.getOut()).contains("'orders.limit' does not bind to int").doesNotContain("lots");
		}
	}

	@Test
	void sharesItsConnectionAndListsWhatItWatches(EtcdCluster etcd) {
		LeakCheck leaks = LeakCheck.start(etcd);
		ConfigurableApplicationContext context = run(etcd, App.class, "etcd:");
		EtcdConnection connection;
		try {
			assertThat(context.getBeansOfType(EtcdConnection.class)).hasSize(1);
			connection = context.getBean(EtcdConnection.class);
			List<EtcdConfigWatches.WatchedKey> keys = new ArrayList<>();
			context.getBeansOfType(EtcdConfigWatches.class).values().forEach((w) -> keys.addAll(w.watchedKeys()));
			assertThat(keys).extracting(EtcdConfigWatches.WatchedKey::key)
				.contains("/config/orders/orders/limit", "/config/application/shared.flag")
				.doesNotContain("/config/billing/orders.limit");
		}
		finally {
			context.close();
		}
		assertThat(connection.isClosed()).isTrue();
		leaks.assertNothingLeft();
	}

	@Test
	void optionalImportStartsWithoutEtcd() throws IOException {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(NoEtcdApp.class)
			.web(WebApplicationType.NONE)
			.run("--etcd.endpoints=http://127.0.0.1:" + freePort(), "--etcd.connect-timeout=1s",
					"--spring.config.import=optional:etcd:", "--etcd.enabled=false")) {
			assertThat(context.getEnvironment().getProperty("orders.limit")).isNull();
			assertThat(context.getBeansOfType(EtcdConnection.class)).isEmpty();
		}
	}

	@Test
	void anImportOnTheCommandLineSeesEtcdPropertiesFromApplicationProperties(EtcdCluster etcd, @TempDir Path dir)
			throws IOException {
		Files.writeString(dir.resolve("application.properties"), "etcd.endpoints=" + etcd.endpointsAsString()
				+ "\netcd.namespace=" + this.namespace + "\nspring.application.name=orders\n");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.run("--spring.config.additional-location=file:" + dir + "/", "--spring.config.import=etcd:")) {
			assertThat(context.getEnvironment().getProperty("orders.limit")).isEqualTo("5");
		}
	}

	@Test
	void optionalImportAloneStartsWithEtcdDown(CapturedOutput output) throws IOException {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(NoEtcdApp.class)
			.web(WebApplicationType.NONE)
			.run("--etcd.endpoints=http://127.0.0.1:" + freePort(), "--etcd.connect-timeout=1s",
					"--etcd.request-timeout=1s", "--spring.config.import=optional:etcd:")) {
			assertThat(context.getEnvironment().getProperty("orders.limit")).isNull();
			assertThat(context.getBeansOfType(EtcdConnection.class)).hasSize(1);
			assertThat(output).containsOnlyOnce("Skipping optional:etcd: config import")
				.contains("starting without etcd");
		}
	}

	@Test
	void theConfigCenterSwitchTurnsAnOptionalImportOffWithEtcdUp(EtcdCluster etcd) {
		try (ConfigurableApplicationContext context = run(etcd, App.class, "optional:etcd:",
				"--etcd.config.enabled=false")) {
			assertThat(context.getEnvironment().getProperty("orders.greeting")).isNull();
			assertThat(context.getEnvironment().getPropertySources().stream().map((source) -> source.getName()))
				.noneMatch((name) -> name.contains("etcd:"));
		}
	}

	@Test
	void theConfigCenterSwitchStopsARequiredImportSayingSo(EtcdCluster etcd) {
		assertThatException().isThrownBy(() -> run(etcd, App.class, "etcd:", "--etcd.config.enabled=false").close())
			.withStackTraceContaining("spring.config.import=etcd: is set but etcd.config.enabled is false");
	}

	@Test
	void requiredImportFailsNamingTheEndpoint() throws IOException {
		String endpoint = "http://127.0.0.1:" + freePort();
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(NoEtcdApp.class)
			.web(WebApplicationType.NONE)
			.run("--etcd.endpoints=" + endpoint, "--etcd.connect-timeout=1s", "--spring.config.import=etcd:",
					"--etcd.enabled=false")
			.close())
			.withStackTraceContaining("spring.config.import=etcd: could not read the keys under '/config/'")
			.withStackTraceContaining(endpoint);
	}

	private ConfigurableApplicationContext run(EtcdCluster etcd, Class<?> app, String location, String... args) {
		List<String> all = new ArrayList<>(List.of("--etcd.endpoints=" + etcd.endpointsAsString(),
				"--etcd.namespace=" + this.namespace, "--spring.application.name=orders",
				"--spring.config.import=" + location));
		all.addAll(List.of(args));
		return new SpringApplicationBuilder(app).web(WebApplicationType.NONE).run(all.toArray(String[]::new));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@ConfigurationProperties("orders")
	static class OrdersProperties {

		private int limit;

		private String greeting;

		public int getLimit() {
			return this.limit;
		}

		public void setLimit(int limit) {
			this.limit = limit;
		}

		public String getGreeting() {
			return this.greeting;
		}

		public void setGreeting(String greeting) {
			this.greeting = greeting;
		}

	}

	static class ChangeEvents implements ApplicationListener<EtcdConfigChangedEvent> {

		final List<EtcdConfigChangedEvent> changes = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(EtcdConfigChangedEvent event) {
			this.changes.add(event);
		}

	}

	static class CloudEvents implements ApplicationListener<EnvironmentChangeEvent> {

		final List<EnvironmentChangeEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(EnvironmentChangeEvent event) {
			this.events.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EtcdAutoConfiguration.class, EtcdConfigAutoConfiguration.class })
	@EnableConfigurationProperties(OrdersProperties.class)
	static class App {

		@Bean
		ChangeEvents changeEvents() {
			return new ChangeEvents();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(App.class)
	@ImportAutoConfiguration(ConfigurationPropertiesRebinderAutoConfiguration.class)
	static class CloudApp {

		@Bean
		CloudEvents cloudEvents() {
			return new CloudEvents();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EtcdAutoConfiguration.class, EtcdConfigAutoConfiguration.class })
	@EnableConfigurationProperties(OrdersProperties.class)
	static class NoEtcdApp {

	}

}
