package dev.etcdregistry.boot.actuate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.boot.registry.EtcdRegistryAutoConfiguration;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.ServiceRegistry;

/**
 * The {@code etcd} health indicator, when Spring Boot's health support is on the classpath.
 * Switched off with {@code management.health.etcd.enabled=false}.
 */
@AutoConfiguration(after = { EtcdAutoConfiguration.class, EtcdRegistryAutoConfiguration.class })
@ConditionalOnClass({ AbstractHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(EtcdConnection.class)
@ConditionalOnEnabledHealthIndicator("etcd")
public class EtcdHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "etcdHealthIndicator")
	EtcdHealthIndicator etcdHealthIndicator(EtcdConnection connection, ObjectProvider<ServiceRegistry> registry) {
		return new EtcdHealthIndicator(connection, registry::getIfAvailable);
	}

}
