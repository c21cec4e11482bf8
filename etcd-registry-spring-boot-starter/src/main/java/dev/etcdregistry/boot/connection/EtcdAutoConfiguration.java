package dev.etcdregistry.boot.connection;

import io.etcd.jetcd.Client;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.config.ConfigStore;

/**
 * The etcd connection and the {@link ConfigStore}. The connection is checked at startup:
 * unreachable etcd, a wrong password or a bad endpoint URL stop the application with a
 * message that says what to fix ({@code etcd.fail-fast=false} lets it start while etcd is
 * merely unreachable).
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "etcd.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EtcdProperties.class)
public class EtcdAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EtcdSettings etcdSettings(EtcdProperties properties) {
		return EtcdSettingsFactory.create(properties);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EtcdConnection etcdConnection(EtcdSettings settings, EtcdProperties properties,
			ObjectProvider<EarlyEtcdConnection> early) {
		return StartupConnection.open(settings, properties.isFailFast(), early.getIfAvailable());
	}

	/**
	 * The connection's jetcd client, for code that needs etcd's full API. It is owned (and
	 * closed) by the connection; to build the client differently, define the
	 * {@link EtcdConnection} bean yourself with {@link EtcdConnection#wrap}.
	 */
	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean
	Client etcdClient(EtcdConnection connection) {
		return connection.client();
	}

	@Bean
	@ConditionalOnMissingBean
	ConfigStore etcdConfigStore(EtcdConnection connection) {
		return ConfigStore.of(connection);
	}

}
