package dev.etcdregistry.boot.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.boot.registry.EtcdRegistryAutoConfiguration;
import dev.etcdregistry.boot.testsupport.UnconnectedEtcd;
import dev.etcdregistry.client.EtcdConnection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EtcdHealthContributorAutoConfiguration}.
 */
class EtcdHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdRegistryAutoConfiguration.class,
				EtcdHealthContributorAutoConfiguration.class))
		.withPropertyValues("etcd.registry.enabled=false", "etcd.discovery.enabled=false");

	@Test
	void healthIndicatorIsCreated() {
		withConnection().run((context) -> {
			assertThat(context).hasSingleBean(EtcdHealthIndicator.class);
			assertThat(context).hasBean("etcdHealthIndicator");
		});
	}

	@Test
	void healthIndicatorReportsDownWhenEtcdIsUnreachable() {
		withConnection().withPropertyValues("etcd.password=never-shown", "etcd.username=app").run((context) -> {
			Health health = context.getBean(EtcdHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsKey("endpoints");
			assertThat((String) health.getDetails().get("error")).contains(UnconnectedEtcd.ENDPOINT);
			assertThat(health.getDetails()).doesNotContainKey("registrations");
			assertThat(health.toString()).doesNotContain("never-shown");
		});
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		withConnection().withPropertyValues("management.health.etcd.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdHealthIndicator.class));
	}

	@Test
	void backsOffFromUserDefinedIndicatorOfTheSameName() {
		withConnection().withBean("etcdHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
			.run((context) -> {
				assertThat(context).doesNotHaveBean(EtcdHealthIndicator.class);
				assertThat(context).hasBean("etcdHealthIndicator");
			});
	}

	@Test
	void noHealthIndicatorWithoutHealthSupport() {
		withConnection().withClassLoader(new FilteredClassLoader(AbstractHealthIndicator.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(EtcdHealthIndicator.class);
			});
	}

	@Test
	void noHealthIndicatorWithoutConnection() {
		this.contextRunner.withPropertyValues("etcd.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdHealthIndicator.class));
	}

	private ApplicationContextRunner withConnection() {
		return this.contextRunner.withBean(EtcdConnection.class, UnconnectedEtcd::connection);
	}

}
