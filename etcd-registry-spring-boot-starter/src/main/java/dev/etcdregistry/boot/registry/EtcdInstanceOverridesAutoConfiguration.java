package dev.etcdregistry.boot.registry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

import dev.etcdregistry.boot.connection.EtcdProperties;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.InstanceOverrides;
import dev.etcdregistry.registry.ServiceRegistry;

/**
 * Follows operators' overrides of this application's instances
 * ({@code /service-overrides/<service>/<instance>}): publishes an
 * {@link EtcdInstanceOverrideEvent} when one is set or deleted, shows them in
 * {@code /actuator/etcd}, and writes an override again under the new lease when the instance
 * registers again. Off with {@code etcd.registry.overrides.enabled=false}.
 */
@AutoConfiguration(after = EtcdRegistryAutoConfiguration.class)
@ConditionalOnBean({ EtcdConnection.class, ServiceRegistry.class })
@ConditionalOnBooleanProperty(name = "etcd.registry.overrides.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EtcdProperties.class)
public class EtcdInstanceOverridesAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	InstanceOverrides etcdInstanceOverrides(EtcdConnection connection, ServiceRegistry registry,
			EtcdProperties properties, ApplicationEventPublisher publisher) {
		// etcd did not answer at startup and the application may start without it: don't wait
		boolean background = !properties.isFailFast() && !connection.isVerified();
		InstanceOverrides overrides = background ? InstanceOverrides.followInBackground(connection, registry)
				: InstanceOverrides.follow(connection, registry);
		overrides.addListener(override -> publisher.publishEvent(new EtcdInstanceOverrideEvent(overrides, override)));
		return overrides;
	}

}
