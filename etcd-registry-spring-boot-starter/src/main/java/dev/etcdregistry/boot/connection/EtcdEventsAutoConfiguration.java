package dev.etcdregistry.boot.connection;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

import dev.etcdregistry.boot.registry.EtcdRegistryAutoConfiguration;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.ServiceRegistry;

/** Spring application events for watch interruptions, re-reads and registration changes. */
@AutoConfiguration(after = EtcdRegistryAutoConfiguration.class)
@ConditionalOnBean(EtcdConnection.class)
public class EtcdEventsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EtcdEventBridge etcdEventBridge(EtcdConnection connection, ObjectProvider<ServiceRegistry> registry,
			ApplicationEventPublisher publisher) {
		return new EtcdEventBridge(connection, registry, publisher);
	}

}
