package dev.etcdregistry.boot.registry;

import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.etcdregistry.boot.annotation.RegisterService;
import dev.etcdregistry.registry.ServiceRegistry;

/**
 * Registers the application in etcd when it carries {@link RegisterService} or sets
 * {@code etcd.registry.register=on}, using the {@link ServiceRegistry} bean (so nothing
 * happens with {@code etcd.registry.enabled=false}).
 */
@AutoConfiguration(after = EtcdRegistryAutoConfiguration.class)
@ConditionalOnBean(ServiceRegistry.class)
@Conditional(RegistrationRequestedCondition.class)
@EnableConfigurationProperties(EtcdRegistryProperties.class)
public class EtcdServiceRegistrationAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(EtcdServiceRegistrationAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	EtcdAutoServiceRegistration etcdAutoServiceRegistration(ServiceRegistry registry, EtcdRegistryProperties properties,
			Environment environment, ApplicationContext context) {
		RegistrationSettings settings = RegistrationSettings.resolve(properties, findAnnotation(context),
				environment, context);
		return new EtcdAutoServiceRegistration(registry, settings, context);
	}

	private static RegisterService findAnnotation(ApplicationContext context) {
		String[] names = context.getBeanNamesForAnnotation(RegisterService.class);
		if (names.length == 0) {
			return null;
		}
		if (names.length > 1) {
			logger.warn("Several beans carry @RegisterService ({}); using the one on '{}'", Arrays.toString(names),
					names[0]);
		}
		return context.findAnnotationOnBean(names[0], RegisterService.class);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.web.server.context.WebServerInitializedEvent")
	static class WebServerPortConfiguration {

		@Bean
		WebServerPortListener etcdWebServerPortListener(EtcdAutoServiceRegistration registration,
				ApplicationContext context) {
			return new WebServerPortListener(registration, context);
		}

	}

}
