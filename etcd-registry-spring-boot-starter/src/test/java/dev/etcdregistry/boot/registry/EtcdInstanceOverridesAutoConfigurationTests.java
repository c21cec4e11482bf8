package dev.etcdregistry.boot.registry;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.boot.testsupport.InMemoryRegistry;
import dev.etcdregistry.boot.testsupport.UnconnectedEtcd;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.InstanceOverrides;
import dev.etcdregistry.registry.ServiceRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/**
 * Tests for {@link EtcdInstanceOverridesAutoConfiguration}. With etcd.fail-fast=false and a
 * connection that never answered, the overrides are followed in the background, so no etcd is
 * needed; following them against a real etcd is ReadinessAndOverridesIntegrationTests' job.
 */
class EtcdInstanceOverridesAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdRegistryAutoConfiguration.class,
				EtcdInstanceOverridesAutoConfiguration.class))
		.withPropertyValues("etcd.fail-fast=false", "etcd.discovery.enabled=false")
		.withBean(EtcdConnection.class, UnconnectedEtcd::connection)
		.withBean(ServiceRegistry.class, InMemoryRegistry::new);

	@Test
	void overridesAreFollowedByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(InstanceOverrides.class));
	}

	@Test
	void offWithItsFlag() {
		this.contextRunner.withPropertyValues("etcd.registry.overrides.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(InstanceOverrides.class));
	}

	@Test
	void nothingWithoutARegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdRegistryAutoConfiguration.class,
					EtcdInstanceOverridesAutoConfiguration.class))
			.withPropertyValues("etcd.fail-fast=false", "etcd.discovery.enabled=false", "etcd.registry.enabled=false")
			.withBean(EtcdConnection.class, UnconnectedEtcd::connection)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(InstanceOverrides.class));
	}

	@Test
	void backsOffFromTheApplicationsOwn() throws Exception {
		InstanceOverrides own = mock(InstanceOverrides.class);
		this.contextRunner.withBean(InstanceOverrides.class, () -> own)
			.run((context) -> assertThat(context.getBean(InstanceOverrides.class)).isSameAs(own));
		verify(own).close();
	}

}
