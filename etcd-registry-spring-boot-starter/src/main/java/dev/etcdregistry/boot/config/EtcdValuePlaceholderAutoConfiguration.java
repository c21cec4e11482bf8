package dev.etcdregistry.boot.config;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.beans.factory.config.BeanDefinition;

/**
 * Keeps {@code @Value("${…}")} members of singleton beans current with the etcd: import
 * ({@code etcd.config.update-value-placeholders}, on by default): each
 * {@link dev.etcdregistry.boot.config.EtcdConfigChangedEvent} injects the members
 * that name a changed property again, in place. Off with the config center
 * ({@code etcd.config.enabled=false}) too.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "etcd.config.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "etcd.config.update-value-placeholders", matchIfMissing = true)
public class EtcdValuePlaceholderAutoConfiguration {

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static ValuePlaceholderUpdater etcdValuePlaceholderUpdater() {
		return new ValuePlaceholderUpdater();
	}

}
