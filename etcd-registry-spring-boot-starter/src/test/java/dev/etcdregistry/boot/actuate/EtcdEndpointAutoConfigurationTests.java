package dev.etcdregistry.boot.actuate;

import dev.etcdregistry.boot.connection.SensitiveKeys;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.boot.registry.EtcdRegistryAutoConfiguration;
import dev.etcdregistry.boot.testsupport.UnconnectedEtcd;
import dev.etcdregistry.client.EtcdConnection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EtcdEndpointAutoConfiguration}.
 */
class EtcdEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdRegistryAutoConfiguration.class,
				EtcdEndpointAutoConfiguration.class))
		.withBean(EtcdConnection.class, UnconnectedEtcd::connection)
		.withPropertyValues("etcd.registry.enabled=false", "etcd.discovery.enabled=false");

	@Test
	void endpointIsCreatedWhenExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=etcd").run((context) -> {
			assertThat(context).hasSingleBean(EtcdEndpoint.class);
			assertThat(context.getBean(dev.etcdregistry.boot.connection.EtcdProperties.class).getSensitiveKeys()).containsExactly("password",
					"secret", "token", "credential", "private-key", "api-key");
		});
	}

	@Test
	void endpointIsNotCreatedWhenNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(EtcdEndpoint.class));
	}

	@Test
	void endpointIsNotCreatedWhenAccessIsNone() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=etcd", "management.endpoint.etcd.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdEndpoint.class));
	}

	@Test
	void sensitiveKeysAreConfigurable() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=etcd",
					"etcd.sensitive-keys=passphrase,pin")
			.run((context) -> assertThat(context.getBean(dev.etcdregistry.boot.connection.EtcdProperties.class).getSensitiveKeys())
				.containsExactly("passphrase", "pin"));
	}

	@Test
	void backsOffFromUserDefinedEndpoint() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=etcd")
			.withBean("customEtcdEndpoint", EtcdEndpoint.class,
					() -> new EtcdEndpoint(UnconnectedEtcd.settings(), null, null, null, null, java.util.List.of(),
							java.util.List.of(), org.springframework.boot.actuate.endpoint.Show.NEVER))
			.run((context) -> {
				assertThat(context).hasSingleBean(EtcdEndpoint.class);
				assertThat(context).hasBean("customEtcdEndpoint");
			});
	}

	@Test
	void noEndpointWithoutActuator() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=etcd")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(EtcdEndpoint.class);
			});
	}

}
