package dev.etcdregistry.boot.config;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import dev.etcdregistry.boot.annotation.EtcdConfigValue;
import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.test.LeakCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * {@code @EtcdConfigValue} members against a real etcd: startup value, changes in place,
 * deletion back to the default, rejected values, the method form and JSON values.
 */
@EtcdTest
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EtcdConfigValueIntegrationTests {

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
	void fieldFollowsPutChangeDeleteAndDefault(EtcdCluster etcd) {
		this.store.put("/app/limit", "10");
		try (ConfigurableApplicationContext context = run(etcd)) {
			Settings settings = context.getBean(Settings.class);
			assertThat(settings.limitAtInit).as("value before @PostConstruct").isEqualTo(10);
			this.store.put("/app/limit", "11");
			await().untilAsserted(() -> assertThat(settings.limit).isEqualTo(11));
			this.store.delete("/app/limit");
			await().untilAsserted(() -> assertThat(settings.limit).isEqualTo(7));
			this.store.put("/app/limit", "12");
			await().untilAsserted(() -> assertThat(settings.limit).isEqualTo(12));
		}
	}

	@Test
	void absentKeyAppliesDefaultOrLeavesFieldAsInitialized(EtcdCluster etcd) {
		try (ConfigurableApplicationContext context = run(etcd)) {
			Settings settings = context.getBean(Settings.class);
			assertThat(settings.limit).isEqualTo(7);
			assertThat(settings.timeout).isEqualTo(Duration.ofSeconds(1));
			this.store.put("/app/timeout", "250ms");
			await().untilAsserted(() -> assertThat(settings.timeout).isEqualTo(Duration.ofMillis(250)));
		}
	}

	@Test
	void badValueAtStartupGivesTheDefaultNotTheTypesZero(EtcdCluster etcd) {
		this.store.put("/app/limit", "lots");
		try (ConfigurableApplicationContext context = run(etcd)) {
			Settings settings = context.getBean(Settings.class);
			assertThat(settings.limitAtInit).isEqualTo(7);
			assertThat(context.getBean(Rejections.class).events).singleElement()
				.satisfies((event) -> assertThat(event.getKey()).isEqualTo("/app/limit"));
			this.store.put("/app/limit", "8");
			await().untilAsserted(() -> assertThat(settings.limit).isEqualTo(8));
		}
	}

	@Test
	void badValueKeepsTheOldOneAndPublishesAnEvent(EtcdCluster etcd) {
		this.store.put("/app/limit", "5");
		try (ConfigurableApplicationContext context = run(etcd)) {
			Settings settings = context.getBean(Settings.class);
			Rejections rejections = context.getBean(Rejections.class);
			this.store.put("/app/limit", "five");
			await().untilAsserted(() -> assertThat(rejections.events).singleElement().satisfies((event) -> {
				assertThat(event.getKey()).isEqualTo("/app/limit");
				assertThat(event.getValue()).isEqualTo("five");
				assertThat(event.getTargetType()).isEqualTo("int");
				assertThat(event.getMember()).isEqualTo("EtcdConfigValueIntegrationTests.Settings.limit");
			}));
			assertThat(settings.limit).isEqualTo(5);
			this.store.put("/app/limit", "6");
			await().untilAsserted(() -> assertThat(settings.limit).isEqualTo(6));
		}
	}

	@Test
	void methodReceivesEveryValue(EtcdCluster etcd) {
		this.store.put("/app/mode", "FAST");
		try (ConfigurableApplicationContext context = run(etcd)) {
			Settings settings = context.getBean(Settings.class);
			assertThat(settings.modes).containsExactly(Mode.FAST);
			this.store.put("/app/mode", "SAFE");
			await().untilAsserted(() -> assertThat(settings.modes).containsExactly(Mode.FAST, Mode.SAFE));
			this.store.put("/app/mode", "FAST");
			await().untilAsserted(() -> assertThat(settings.modes).containsExactly(Mode.FAST, Mode.SAFE, Mode.FAST));
		}
	}

	@Test
	void jsonAndListValuesAreConverted(EtcdCluster etcd) {
		this.store.put("/app/endpoint", "{\"host\":\"db\",\"port\":5432}");
		this.store.put("/app/names", "a,b");
		try (ConfigurableApplicationContext context = run(etcd)) {
			Settings settings = context.getBean(Settings.class);
			assertThat(settings.endpoint).isEqualTo(new Endpoint("db", 5432));
			assertThat(settings.names).containsExactly("a", "b");
			this.store.put("/app/endpoint", "{\"host\":\"db2\",\"port\":6543}");
			this.store.put("/app/names", "[\"x\",\"y\",\"z\"]");
			await().untilAsserted(() -> {
				assertThat(settings.endpoint).isEqualTo(new Endpoint("db2", 6543));
				assertThat(settings.names).containsExactly("x", "y", "z");
			});
		}
	}

	@Test
	void watchedKeysAreListedAndClosedWithTheContext(EtcdCluster etcd) {
		this.store.put("/app/limit", "3");
		LeakCheck leaks = LeakCheck.start(etcd);
		ConfigurableApplicationContext context = run(etcd);
		EtcdConfigValues values = context.getBean(EtcdConfigValues.class);
		assertThat(values.watchedKeys()).extracting(EtcdConfigWatches.WatchedKey::key)
			.contains("/app/limit", "/app/mode", "/app/timeout");
		assertThat(values.watchedKeys()).filteredOn((key) -> key.key().equals("/app/limit"))
			.singleElement()
			.satisfies((key) -> {
				assertThat(key.value()).isEqualTo("3");
				assertThat(key.origin()).isEqualTo("@EtcdConfigValue EtcdConfigValueIntegrationTests.Settings.limit");
				assertThat(key.revision()).isPositive();
			});
		EtcdConnection connection = context.getBean(EtcdConnection.class);
		context.close();
		assertThat(values.watchedKeys()).isEmpty();
		assertThat(connection.isClosed()).isTrue();
		leaks.assertNothingLeft();
	}

	@Test
	void warnsAboutNonVolatileFieldsAndMasksSensitiveValues(EtcdCluster etcd, CapturedOutput output) {
		this.store.put("/app/db/password", "s3cr3t-pw");
		try (ConfigurableApplicationContext context = run(etcd, SensitiveConfig.class)) {
			assertThat(output).contains("@EtcdConfigValue field EtcdConfigValueIntegrationTests.Sensitive.pin is not "
					+ "volatile");
			Rejections rejections = context.getBean(Rejections.class);
			assertThat(rejections.events).singleElement().satisfies((event) -> {
				assertThat(event.getKey()).isEqualTo("/app/db/password");
				assertThat(event.toString()).doesNotContain("s3cr3t-pw");
			});
			assertThat(output).contains("Ignoring value '******' of etcd key '/app/db/password'")
				.doesNotContain("s3cr3t-pw");
			assertThat(context.getBean(Sensitive.class).pin).isEqualTo(1234);
		}
	}

	@Test
	void requiredKeyMissingFailsStartup(EtcdCluster etcd) {
		assertThatException().isThrownBy(() -> run(etcd, RequiredConfig.class).close())
			.withStackTraceContaining("etcd key '/app/required' required by @EtcdConfigValue "
					+ "EtcdConfigValueIntegrationTests.Needy.value does not exist");
	}

	private ConfigurableApplicationContext run(EtcdCluster etcd) {
		return run(etcd, TestConfig.class);
	}

	private ConfigurableApplicationContext run(EtcdCluster etcd, Class<?> config) {
		return new SpringApplicationBuilder(config).web(WebApplicationType.NONE)
			.properties("etcd.endpoints=" + etcd.endpointsAsString(), "etcd.namespace=" + this.namespace,
					"app.root=/app")
			.run();
	}

	enum Mode {

		FAST, SAFE

	}

	record Endpoint(String host, int port) {
	}

	static class Settings {

		@EtcdConfigValue(key = "${app.root}/limit", defaultValue = "7")
		volatile int limit;

		volatile int limitAtInit;

		@EtcdConfigValue("${app.root}/timeout")
		volatile Duration timeout = Duration.ofSeconds(1);

		@EtcdConfigValue("${app.root}/endpoint")
		volatile Endpoint endpoint;

		@EtcdConfigValue("${app.root}/names")
		volatile List<String> names;

		final List<Mode> modes = new CopyOnWriteArrayList<>();

		@EtcdConfigValue("${app.root}/mode")
		void mode(Mode mode) {
			this.modes.add(mode);
		}

		@PostConstruct
		void init() {
			this.limitAtInit = this.limit;
		}

	}

	static class Rejections {

		final List<EtcdConfigValueRejectedEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(EtcdConfigValueRejectedEvent event) {
			this.events.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EtcdAutoConfiguration.class, EtcdConfigAutoConfiguration.class })
	static class TestConfig {

		@Bean
		Settings settings() {
			return new Settings();
		}

		@Bean
		Rejections rejections() {
			return new Rejections();
		}

	}

	static class Sensitive {

		@EtcdConfigValue("${app.root}/db/password")
		int pin = 1234;

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EtcdAutoConfiguration.class, EtcdConfigAutoConfiguration.class })
	static class SensitiveConfig {

		@Bean
		Sensitive sensitive() {
			return new Sensitive();
		}

		@Bean
		Rejections rejections() {
			return new Rejections();
		}

	}

	static class Needy {

		@EtcdConfigValue(key = "${app.root}/required", required = true)
		volatile String value;

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EtcdAutoConfiguration.class, EtcdConfigAutoConfiguration.class })
	static class RequiredConfig {

		@Bean
		Needy needy() {
			return new Needy();
		}

	}

}
