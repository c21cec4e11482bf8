package dev.etcdregistry.boot.connection;

import io.etcd.jetcd.Client;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.client.TlsSettings;
import dev.etcdregistry.config.ConfigStore;

/**
 * The etcd connection and the {@link ConfigStore}. The connection is checked at startup:
 * unreachable etcd, a wrong password or a bad endpoint URL stop the application with a
 * message that says what to fix ({@code etcd.fail-fast=false} lets it start while etcd is
 * merely unreachable). Where etcd is and how to log in come from the
 * {@link EtcdConnectionDetails} bean, by default the {@code etcd.*} properties.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "etcd.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EtcdProperties.class)
public class EtcdAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(EtcdConnectionDetails.class)
	PropertiesEtcdConnectionDetails etcdConnectionDetails(EtcdProperties properties,
			ObjectProvider<SslBundles> sslBundles) {
		return new PropertiesEtcdConnectionDetails(properties, sslBundles.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	EtcdSettings etcdSettings(EtcdProperties properties, EtcdConnectionDetails details) {
		SslBundle bundle = details.getSslBundle();
		TlsSettings bundleTls = (bundle != null)
				? follow(details, bundle).tlsSettings(properties.getTls().getAuthority()) : null;
		return EtcdSettingsFactory.create(properties, details, bundleTls);
	}

	/** A context following {@code bundle}, updated when Boot reloads it. */
	private static ReloadingSslBundleContext follow(EtcdConnectionDetails details, SslBundle bundle) {
		String name = (details instanceof PropertiesEtcdConnectionDetails own) ? own.bundleName() : "(from "
				+ details.getClass().getSimpleName() + ")";
		ReloadingSslBundleContext tls = new ReloadingSslBundleContext(name, bundle);
		if (details instanceof PropertiesEtcdConnectionDetails own && own.sslBundles() != null) {
			// Boot calls this on its file-watch thread when spring.ssl.bundle.*.reload-on-update sees new files
			own.sslBundles().addBundleUpdateHandler(name, tls::update);
		}
		return tls;
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EtcdConnection etcdConnection(EtcdSettings settings, EtcdProperties properties,
			ObjectProvider<EarlyEtcdConnection> early) {
		ReloadingSslBundleContext bundle = ReloadingSslBundleContext.of(settings.tls());
		if (bundle == null) {
			return StartupConnection.open(settings, properties.isFailFast(), early.getIfAvailable());
		}
		EarlyEtcdConnection unused = early.getIfAvailable();
		if (unused != null) {
			// opened from properties before bundles existed; the bundle's connection replaces it
			unused.close();
		}
		return StartupConnection.open(properties.isFailFast(), () -> bundle.attach(EtcdConnection.open(settings)),
				(failure) -> SslBundleProbe.diagnose(failure, bundle.bundle(), bundle.name(), settings));
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
