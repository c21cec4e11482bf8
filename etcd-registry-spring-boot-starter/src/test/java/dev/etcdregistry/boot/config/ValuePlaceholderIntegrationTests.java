package dev.etcdregistry.boot.config;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @Value("${…}")} in plain singleton beans follows etcd changes in place (fields and
 * setter methods, defaults and SpEL evaluated again, converted by the bean factory); a value that
 * does not convert keeps the old one with one warning that does not quote it.
 */
@EtcdTest
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ValuePlaceholderIntegrationTests {

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
		this.store.put("/config/orders/orders.discount-percent", "5");
		this.store.put("/config/orders/orders.greeting", "hello");
	}

	@AfterEach
	void close() {
		this.writer.close();
	}

	@Test
	void fieldsAndSettersFollowEtcdInPlace(EtcdCluster etcd) {
		try (ConfigurableApplicationContext context = run(etcd)) {
			CloudApp.PlainValues values = context.getBean(CloudApp.PlainValues.class);
			assertThat(values.greeting).isEqualTo("hello");
			assertThat(values.doubledDiscount).isEqualTo(10);
			assertThat(values.timeout).isEqualTo(Duration.ofSeconds(1));
			this.store.put("/config/orders/orders.greeting", "hi");
			this.store.put("/config/orders/orders.discount-percent", "7");
			this.store.put("/config/orders/flags.timeout", "3s");
			await().untilAsserted(() -> {
				assertThat(values.greeting).isEqualTo("hi");
				assertThat(values.doubledDiscount).isEqualTo(14);
				assertThat(values.timeout).isEqualTo(Duration.ofSeconds(3));
			});
			this.store.delete("/config/orders/flags.timeout");
			await().untilAsserted(() -> assertThat(values.timeout).isEqualTo(Duration.ofSeconds(1)));
		}
	}

	@Test
	void aValueThatDoesNotConvertKeepsTheOldOneWithOneWarning(EtcdCluster etcd, CapturedOutput output) {
		try (ConfigurableApplicationContext context = run(etcd)) {
			CloudApp.PlainValues values = context.getBean(CloudApp.PlainValues.class);
			this.store.put("/config/orders/flags.timeout", "2s");
			await().untilAsserted(() -> assertThat(values.timeout).isEqualTo(Duration.ofSeconds(2)));
			this.store.put("/config/orders/flags.timeout", "whenever-suits");
			await().until(() -> output.getOut().contains("PlainValues.setTimeout() of bean"));
			assertThat(values.timeout).isEqualTo(Duration.ofSeconds(2));
			assertThat(output.getOut()).containsOnlyOnce("PlainValues.setTimeout() of bean")
				.doesNotContain("whenever-suits");
			this.store.put("/config/orders/flags.timeout", "4s");
			await().untilAsserted(() -> assertThat(values.timeout).isEqualTo(Duration.ofSeconds(4)));
		}
	}

	@Test
	void switchedOffTheFieldsKeepTheirStartupValues(EtcdCluster etcd) {
		try (ConfigurableApplicationContext context = run(etcd, "--etcd.config.update-value-placeholders=false")) {
			CloudApp.PlainValues values = context.getBean(CloudApp.PlainValues.class);
			this.store.put("/config/orders/orders.greeting", "not injected");
			await().untilAsserted(() -> assertThat(context.getBean(CloudApp.Changes.class).events).hasSize(1));
			assertThat(values.greeting).isEqualTo("hello");
		}
	}

	private ConfigurableApplicationContext run(EtcdCluster etcd, String... extra) {
		String[] args = { "--etcd.endpoints=" + etcd.endpointsAsString(), "--etcd.namespace=" + this.namespace,
				"--spring.application.name=orders", "--spring.config.import=etcd:", "--server.port=0",
				"--management.endpoints.web.exposure.include=refresh", "--spring.main.banner-mode=off" };
		String[] all = new String[args.length + extra.length];
		System.arraycopy(args, 0, all, 0, args.length);
		System.arraycopy(extra, 0, all, args.length, extra.length);
		return new SpringApplicationBuilder(CloudApp.class).run(all);
	}

}
