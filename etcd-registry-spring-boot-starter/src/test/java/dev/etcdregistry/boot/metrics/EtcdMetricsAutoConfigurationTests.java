package dev.etcdregistry.boot.metrics;

import java.nio.file.Path;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.etcdregistry.boot.config.EtcdConfigSnapshotUsedEvent;
import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.boot.connection.EtcdWatchEventsAutoConfiguration;
import dev.etcdregistry.boot.registry.EtcdRegistryAutoConfiguration;
import dev.etcdregistry.boot.testsupport.UnconnectedEtcd;
import dev.etcdregistry.client.EtcdConnection;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link EtcdMetricsAutoConfiguration}. */
class EtcdMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdRegistryAutoConfiguration.class,
				EtcdWatchEventsAutoConfiguration.class, EtcdMetricsAutoConfiguration.class))
		.withPropertyValues("etcd.discovery.enabled=false")
		.withBean(EtcdConnection.class, UnconnectedEtcd::connection);

	@Test
	void metersAreBoundWithoutCallingEtcd() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(EtcdMetrics.class);
			MeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(EtcdMetrics.class).bindTo(meters);
			assertThat(meters.get("etcd.watch.active").gauge().value()).isZero();
			assertThat(meters.get("etcd.registry.registrations").gauge().value()).isZero();
			assertThat(meters.get("etcd.registry.events").tag("type", "lease_lost").counter().count()).isZero();
			assertThat(meters.find("etcd.discovery.instances").meter()).as("no discovery, no discovery meters")
				.isNull();
			assertThat(meters.get("etcd.config.snapshot.used").functionCounter().count()).isZero();
			context.publishEvent(new EtcdConfigSnapshotUsedEvent(context, Path.of("snap.json"), 42, Instant.now()));
			assertThat(meters.get("etcd.config.snapshot.used").functionCounter().count()).isEqualTo(1);
		});
	}

	@Test
	void backsOffFromTheApplicationsOwn() {
		this.contextRunner.withUserConfiguration(OwnMetrics.class)
			.run((context) -> assertThat(context).hasSingleBean(EtcdMetrics.class).hasBean("ownMetrics"));
	}

	@Test
	void noMetricsWithoutAConnection() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdMetricsAutoConfiguration.class))
			.withPropertyValues("etcd.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EtcdMetrics.class));
	}

	@Test
	void noMetricsWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(EtcdMetrics.class).hasBean("etcdWatchStatusEventPublisher");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnMetrics {

		@Bean
		EtcdMetrics ownMetrics(EtcdConnection connection) {
			return new EtcdMetrics(connection.watchActivity(), null, null);
		}

	}

}
