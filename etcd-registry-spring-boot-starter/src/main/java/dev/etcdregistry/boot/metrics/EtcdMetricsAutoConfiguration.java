package dev.etcdregistry.boot.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.etcdregistry.boot.registry.EtcdRegistryAutoConfiguration;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceRegistry;

/**
 * {@link EtcdMetrics} when Micrometer is on the classpath; Spring Boot binds it to every
 * {@link MeterRegistry} it configures.
 */
@AutoConfiguration(after = EtcdRegistryAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(EtcdConnection.class)
public class EtcdMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EtcdMetrics etcdMetrics(EtcdConnection connection, ObjectProvider<ServiceRegistry> registry,
			ObjectProvider<ServiceDiscovery> discovery) {
		return new EtcdMetrics(connection.watchActivity(), registry.getIfAvailable(), discovery.getIfAvailable());
	}

}
