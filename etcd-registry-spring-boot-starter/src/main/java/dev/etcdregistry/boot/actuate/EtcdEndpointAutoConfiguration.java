package dev.etcdregistry.boot.actuate;

import dev.etcdregistry.boot.connection.EtcdProperties;
import dev.etcdregistry.boot.connection.SensitiveKeys;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.boot.registry.EtcdRegistryAutoConfiguration;
import dev.etcdregistry.boot.config.EtcdConfigWatches;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.registry.InstanceOverrides;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceRegistry;

/**
 * The {@code etcd} actuator endpoint, when the actuator is on the classpath and the endpoint
 * is available (exposed, e.g. with {@code management.endpoints.web.exposure.include=etcd}),
 * with its web extension deciding per caller whether values are shown
 * ({@code management.endpoint.etcd.show-values}, {@code management.endpoint.etcd.roles}).
 */
@AutoConfiguration(after = { EtcdAutoConfiguration.class, EtcdRegistryAutoConfiguration.class },
		afterName = "dev.etcdregistry.boot.registry.EtcdInstanceOverridesAutoConfiguration")
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(EtcdSettings.class)
@ConditionalOnAvailableEndpoint(EtcdEndpoint.class)
@EnableConfigurationProperties({ EtcdProperties.class, EtcdEndpointProperties.class })
public class EtcdEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EtcdEndpoint etcdEndpoint(EtcdSettings settings, ObjectProvider<EtcdConfigWatches> watches,
			ObjectProvider<ServiceRegistry> registry, ObjectProvider<ServiceDiscovery> discovery,
			ObjectProvider<InstanceOverrides> overrides, EtcdProperties properties,
			EtcdEndpointProperties endpointProperties, ObjectProvider<SanitizingFunction> sanitizingFunctions) {
		return new EtcdEndpoint(settings, watches, registry, discovery, overrides, properties.getSensitiveKeys(),
				sanitizingFunctions.orderedStream().toList(), endpointProperties.getShowValues());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(EtcdEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	EtcdEndpointWebExtension etcdEndpointWebExtension(EtcdEndpoint endpoint, EtcdEndpointProperties properties) {
		return new EtcdEndpointWebExtension(endpoint, properties.getShowValues(), properties.getRoles());
	}

}
