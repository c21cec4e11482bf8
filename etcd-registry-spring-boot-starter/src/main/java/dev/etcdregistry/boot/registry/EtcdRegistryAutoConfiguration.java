package dev.etcdregistry.boot.registry;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.boot.connection.EtcdProperties;
import dev.etcdregistry.boot.discovery.EtcdDiscoveryProperties;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.DiscoveryOptions;
import dev.etcdregistry.registry.RegistryOptions;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceRegistry;

/**
 * The {@link ServiceRegistry} (one lease for the whole application) and the
 * {@link ServiceDiscovery} cache (both from the core's registry package), and
 * {@link EtcdRegistrationEvent}s for the registry's events.
 */
@AutoConfiguration(after = EtcdAutoConfiguration.class)
@ConditionalOnBean(EtcdConnection.class)
@EnableConfigurationProperties({ EtcdRegistryProperties.class, EtcdDiscoveryProperties.class })
public class EtcdRegistryAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "etcd.registry.enabled", matchIfMissing = true)
	ServiceRegistry etcdServiceRegistry(EtcdConnection connection, EtcdRegistryProperties registry) {
		return ServiceRegistry.of(connection, RegistryOptions.defaults().withTtl(registry.getTtl()));
	}

	@Bean
	RegistrationEventPublisher etcdRegistrationEventPublisher(ObjectProvider<ServiceRegistry> registry,
			ApplicationEventPublisher publisher) {
		return new RegistrationEventPublisher(registry, publisher);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "etcd.discovery.enabled", matchIfMissing = true)
	ServiceDiscovery etcdServiceDiscovery(EtcdConnection connection, EtcdProperties properties,
			EtcdRegistryProperties registry, EtcdDiscoveryProperties discovery) {
		// etcd did not answer at startup and the application may start without it: don't wait
		boolean background = !properties.isFailFast() && !connection.isVerified();
		Duration hold = discovery.getWipeHold();
		DiscoveryOptions options = DiscoveryOptions.defaults()
			.withWipeHold((hold != null) ? hold : registry.getTtl());
		String mode = discovery.getMode();
		if ("subscribed".equalsIgnoreCase(mode)) {
			options = options.subscribedTo(new java.util.HashSet<>(discovery.getServices()));
		}
		else if (!"all".equalsIgnoreCase(mode)) {
			throw new dev.etcdregistry.EtcdRegistryException(dev.etcdregistry.EtcdRegistryException.Reason.INVALID_ARGUMENT,
					"etcd.discovery.mode '" + mode + "' is not known; use 'subscribed' (only the services this "
							+ "application looks up, the default) or 'all' (every service: gateways, consoles)");
		}
		return background ? ServiceDiscovery.inBackground(connection, options) : ServiceDiscovery.of(connection, options);
	}

}
