package dev.etcdregistry.boot.cloud;

import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.ConditionalOnBlockingDiscoveryEnabled;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.etcdregistry.boot.discovery.EtcdDiscoveryProperties;
import dev.etcdregistry.boot.registry.EtcdRegistryAutoConfiguration;
import dev.etcdregistry.registry.ServiceDiscovery;

/**
 * Spring Cloud's discovery clients (blocking and reactive) on the {@link ServiceDiscovery}
 * cache, so {@code @LoadBalanced} clients find instances registered in etcd, and a
 * {@code HeartbeatEvent} whenever that cache changes. Off with
 * {@code spring.cloud.discovery.enabled=false} or {@code etcd.discovery.enabled=false}.
 */
@AutoConfiguration(after = EtcdRegistryAutoConfiguration.class,
		beforeName = { "org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration",
				"org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryClientAutoConfiguration",
				"org.springframework.cloud.client.CommonsClientAutoConfiguration",
				"org.springframework.cloud.client.ReactiveCommonsClientAutoConfiguration" })
@ConditionalOnClass(DiscoveryClient.class)
@ConditionalOnDiscoveryEnabled
@ConditionalOnBooleanProperty(name = "etcd.discovery.enabled", matchIfMissing = true)
@ConditionalOnBean(ServiceDiscovery.class)
@EnableConfigurationProperties(EtcdDiscoveryProperties.class)
public class EtcdCloudDiscoveryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DiscoveryHeartbeatPublisher etcdDiscoveryHeartbeatPublisher(ServiceDiscovery discovery,
			ApplicationEventPublisher publisher) {
		return new DiscoveryHeartbeatPublisher(discovery, publisher);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBlockingDiscoveryEnabled
	static class BlockingDiscoveryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EtcdDiscoveryClient etcdDiscoveryClient(ServiceDiscovery discovery, EtcdDiscoveryProperties properties) {
			return new EtcdDiscoveryClient(discovery, properties.getOrder());
		}

	}

	/**
	 * Unlike Spring Cloud's {@code @ConditionalOnReactiveDiscoveryEnabled} this does not
	 * demand WebClient: the client only needs Reactor, and is useful to any reactive code.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Flux.class)
	@ConditionalOnBooleanProperty(name = "spring.cloud.discovery.reactive.enabled", matchIfMissing = true)
	static class ReactiveDiscoveryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EtcdReactiveDiscoveryClient etcdReactiveDiscoveryClient(ServiceDiscovery discovery,
				EtcdDiscoveryProperties properties) {
			return new EtcdReactiveDiscoveryClient(discovery, properties.getOrder());
		}

	}

}
