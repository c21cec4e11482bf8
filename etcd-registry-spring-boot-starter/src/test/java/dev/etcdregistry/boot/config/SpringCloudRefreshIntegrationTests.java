package dev.etcdregistry.boot.config;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The etcd: import in an application written the way Spring Cloud users write them: full
 * auto-configuration, Spring Cloud Context on the class path with its defaults, the refresh
 * endpoint exposed. A refresh (the endpoint, a Bus refresh) never brings back older values nor
 * adds property sources; an etcd change rebuilds {@code @RefreshScope} beans and rebinds
 * record properties without warnings.
 */
@EtcdTest
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpringCloudRefreshIntegrationTests {

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
		this.store.put("/config/orders/limits.max", "10");
	}

	@AfterEach
	void close() {
		this.writer.close();
	}

	@Test
	void refreshEndpointKeepsEveryImportedValueCurrent(EtcdCluster etcd) throws Exception {
		try (ConfigurableApplicationContext context = run(etcd)) {
			CloudApp.OrdersProperties orders = context.getBean(CloudApp.OrdersProperties.class);
			long sources = etcdSources(context);
			this.store.put("/config/orders/orders.discount-percent", "17");
			this.store.put("/config/orders/orders.new-key", "absent at startup");
			await().untilAsserted(() -> assertThat(orders.getDiscountPercent()).isEqualTo(17));
			await().untilAsserted(
					() -> assertThat(context.getEnvironment().getProperty("orders.new-key")).isEqualTo("absent at startup"));
			for (int i = 0; i < 3; i++) {
				CloudApp.refresh(context);
				assertThat(context.getEnvironment().getProperty("orders.discount-percent")).isEqualTo("17");
				assertThat(context.getEnvironment().getProperty("orders.new-key")).isEqualTo("absent at startup");
				assertThat(orders.getDiscountPercent()).isEqualTo(17);
				assertThat(etcdSources(context)).as("etcd property sources after refresh " + i).isEqualTo(sources);
			}
			// and the watch still feeds the Environment after the refreshes
			this.store.put("/config/orders/orders.discount-percent", "18");
			await().untilAsserted(() -> assertThat(orders.getDiscountPercent()).isEqualTo(18));
			CloudApp.refresh(context);
			assertThat(orders.getDiscountPercent()).isEqualTo(18);
		}
	}

	@Test
	void anEtcdChangeRebuildsRefreshScopeBeans(EtcdCluster etcd) {
		try (ConfigurableApplicationContext context = run(etcd)) {
			CloudApp.Greeter greeter = context.getBean(CloudApp.Greeter.class);
			assertThat(greeter.greeting()).isEqualTo("hello");
			this.store.put("/config/orders/orders.greeting", "hi from etcd");
			await().untilAsserted(() -> assertThat(greeter.greeting()).isEqualTo("hi from etcd"));
		}
	}

	@Test
	void recordPropertiesFollowChangesWithoutWarnings(EtcdCluster etcd, CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = run(etcd)) {
			CloudApp.ScopedLimits scoped = context.getBean(CloudApp.ScopedLimits.class);
			assertThat(scoped.limits().max()).isEqualTo(10);
			int startupOutput = output.getOut().length();
			this.store.put("/config/orders/limits.max", "11");
			await().untilAsserted(() -> assertThat(scoped.limits().max()).isEqualTo(11));
			assertThat(context.getBean(CloudApp.LimitsRecord.class).max()).isEqualTo(11);
			this.store.put("/config/orders/orders.greeting", "another change");
			await().untilAsserted(() -> assertThat(context.getBean(CloudApp.Changes.class).events).hasSize(2));
			// and a refresh through the endpoint (Spring Cloud's own rebinder) leaves them to us too
			this.store.put("/config/orders/limits.max", "12");
			await().untilAsserted(() -> assertThat(context.getBean(CloudApp.LimitsRecord.class).max()).isEqualTo(12));
			CloudApp.refresh(context);
			assertThat(context.getBean(CloudApp.LimitsRecord.class).max()).isEqualTo(12);
			assertThat(output.getOut().substring(startupOutput)).doesNotContain("Cannot create default instance")
				.doesNotContain("WARN");
		}
	}

	@Test
	void refreshScopeIsLeftAloneWhenSwitchedOff(EtcdCluster etcd) {
		try (ConfigurableApplicationContext context = run(etcd, "--etcd.config.refresh-on-change=false")) {
			CloudApp.Greeter greeter = context.getBean(CloudApp.Greeter.class);
			CloudApp.OrdersProperties orders = context.getBean(CloudApp.OrdersProperties.class);
			this.store.put("/config/orders/orders.greeting", "not rebuilt");
			await().untilAsserted(() -> assertThat(orders.getGreeting()).isEqualTo("not rebuilt"));
			await().untilAsserted(() -> assertThat(context.getBean(CloudApp.Changes.class).events).hasSize(1));
			assertThat(greeter.greeting()).isEqualTo("hello");
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

	private static long etcdSources(ConfigurableApplicationContext context) {
		return StreamSupport.stream(context.getEnvironment().getPropertySources().spliterator(), false)
			.map(PropertySource::getName)
			.filter((name) -> name.contains("etcd"))
			.count();
	}

}
