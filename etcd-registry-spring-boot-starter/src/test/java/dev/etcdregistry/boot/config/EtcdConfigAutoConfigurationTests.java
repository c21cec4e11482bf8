package dev.etcdregistry.boot.config;

import io.etcd.jetcd.Client;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.support.DefaultConversionService;
import tools.jackson.databind.json.JsonMapper;

import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.boot.connection.EtcdProperties;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.config.ConfigStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EtcdConfigAutoConfiguration} without etcd: the connection is a jetcd client that is
 * never used (jetcd connects lazily).
 */
class EtcdConfigAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdConfigAutoConfiguration.class))
		.withUserConfiguration(UnusedConnectionConfiguration.class);

	@Test
	void createsTheValuesRegistryAndPostProcessor() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(EtcdConfigValues.class);
			assertThat(context).hasSingleBean(EtcdConfigValueBeanPostProcessor.class);
			assertThat(context.getBeansOfType(EtcdConfigWatches.class)).hasSize(1);
			assertThat(context.getBean(EtcdConfigValues.class).watchedKeys()).isEmpty();
		});
	}

	@Test
	void backsOffWhenTheUserDefinesTheRegistry() {
		this.contextRunner.withUserConfiguration(CustomValuesConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(EtcdConfigValues.class);
			assertThat(context).getBean(EtcdConfigValues.class)
				.isSameAs(context.getBean(CustomValuesConfiguration.class).values);
			assertThat(context).hasSingleBean(EtcdConfigValueBeanPostProcessor.class);
		});
	}

	@Test
	void localSnapshotIsOffByDefaultAndBindsWhenEnabled() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(LocalConfigSnapshot.class));
		this.contextRunner
			.withPropertyValues("etcd.config.snapshot.enabled=true", "spring.application.name=orders",
					"etcd.fail-fast=false")
			.run((context) -> {
				assertThat(context.getBean(LocalConfigSnapshot.class).path())
					.isEqualTo(java.nio.file.Path.of(".etcd-registry/orders-config-snapshot.json").toAbsolutePath());
				assertThat(context.getBean(EtcdProperties.class).isFailFast()).isFalse();
			});
		this.contextRunner.withPropertyValues("etcd.config.snapshot.enabled=true", "etcd.config.snapshot.path=/tmp/x.json")
			.run((context) -> assertThat(context.getBean(LocalConfigSnapshot.class).path())
				.isEqualTo(java.nio.file.Path.of("/tmp/x.json")));
	}

	@Test
	void disabledFlagTurnsItOff() {
		this.contextRunner.withPropertyValues("etcd.config.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(EtcdConfigValues.class);
			assertThat(context).doesNotHaveBean(EtcdConfigValueBeanPostProcessor.class);
			assertThat(context).hasSingleBean(ConfigStore.class);
		});
	}

	@Test
	void backsOffWithoutAConfigStore() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdConfigAutoConfiguration.class))
			.withPropertyValues("etcd.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdConfigValues.class)
				.doesNotHaveBean(EtcdConfigValueBeanPostProcessor.class));
	}

	@Test
	void bindsConfigProperties() {
		this.contextRunner
			.withPropertyValues("etcd.config.prefix=/cfg", "etcd.config.default-context=shared",
					"etcd.config.profile-separator=_", "etcd.config.watch=false")
			.run((context) -> {
				EtcdConfigProperties config = context.getBean(EtcdConfigProperties.class);
				assertThat(config.getPrefix()).isEqualTo("/cfg");
				assertThat(config.getDefaultContext()).isEqualTo("shared");
				assertThat(config.getProfileSeparator()).isEqualTo("_");
				assertThat(config.isWatch()).isFalse();
				assertThat(config.isEnabled()).isTrue();
			});
	}

	@Test
	void configPropertiesHaveDefaults() {
		this.contextRunner.run((context) -> {
			EtcdConfigProperties config = context.getBean(EtcdConfigProperties.class);
			assertThat(config.getPrefix()).isEqualTo("/config");
			assertThat(config.getDefaultContext()).isEqualTo("application");
			assertThat(config.getProfileSeparator()).isEqualTo(",");
			assertThat(config.isWatch()).isTrue();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UnusedConnectionConfiguration {

		@Bean(destroyMethod = "close")
		EtcdConnection etcdConnection() {
			EtcdSettings settings = EtcdSettings.builder().endpoints("http://127.0.0.1:1").build();
			return EtcdConnection.wrap(Client.builder().endpoints("http://127.0.0.1:1").build(), settings);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomValuesConfiguration {

		EtcdConfigValues values;

		@Bean
		EtcdConfigValues customValues(ConfigStore store, ApplicationEventPublisher publisher) {
			this.values = new EtcdConfigValues(store, new DefaultConversionService(), JsonMapper.builder().build(),
					publisher);
			return this.values;
		}

	}

}
