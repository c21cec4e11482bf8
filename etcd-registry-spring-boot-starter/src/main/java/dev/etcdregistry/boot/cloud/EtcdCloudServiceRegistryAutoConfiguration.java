package dev.etcdregistry.boot.cloud;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.etcdregistry.boot.registry.EtcdAutoServiceRegistration;
import dev.etcdregistry.boot.registry.EtcdServiceRegistrationAutoConfiguration;
import dev.etcdregistry.registry.ServiceRegistry;

/**
 * Spring Cloud's {@code ServiceRegistry} on our registry, plus the {@code Registration} of
 * this application when it registers itself, which together serve
 * {@code /actuator/serviceregistry}. Off with {@code spring.cloud.service-registry.enabled=false}
 * or {@code etcd.registry.enabled=false}.
 */
@AutoConfiguration(after = EtcdServiceRegistrationAutoConfiguration.class,
		beforeName = { "org.springframework.cloud.client.serviceregistry.ServiceRegistryAutoConfiguration",
				"org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationAutoConfiguration" })
@ConditionalOnClass(org.springframework.cloud.client.serviceregistry.ServiceRegistry.class)
@ConditionalOnBooleanProperty(name = "spring.cloud.service-registry.enabled", matchIfMissing = true)
@ConditionalOnBean(ServiceRegistry.class)
public class EtcdCloudServiceRegistryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EtcdCloudServiceRegistry etcdCloudServiceRegistry(ServiceRegistry registry) {
		return new EtcdCloudServiceRegistry(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(EtcdAutoServiceRegistration.class)
	EtcdRegistration etcdRegistration(EtcdAutoServiceRegistration autoRegistration) {
		return new EtcdRegistration(autoRegistration.serviceName(), autoRegistration::instance);
	}

}
