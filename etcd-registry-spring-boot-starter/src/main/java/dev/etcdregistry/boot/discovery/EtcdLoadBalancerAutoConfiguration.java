package dev.etcdregistry.boot.discovery;

import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

import dev.etcdregistry.boot.registry.EtcdRegistryAutoConfiguration;
import dev.etcdregistry.registry.ServiceDiscovery;

/**
 * Feeds Spring Cloud LoadBalancer from the etcd watch: every load-balanced service gets
 * {@link EtcdLoadBalancerClientConfiguration}'s instance list instead of LoadBalancer's
 * default one, which caches a discovery answer for 35 s and so keeps sending calls to an
 * instance that is gone (and none to one that is new) long after discovery knew. Off with
 * {@code etcd.discovery.load-balancer.enabled=false}.
 */
@AutoConfiguration(after = EtcdRegistryAutoConfiguration.class,
		beforeName = "org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration")
@ConditionalOnClass({ ServiceInstanceListSupplier.class, LoadBalancerClients.class, Flux.class })
@ConditionalOnDiscoveryEnabled
@ConditionalOnBooleanProperty(name = "etcd.discovery.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "etcd.discovery.load-balancer.enabled", matchIfMissing = true)
@ConditionalOnBean(ServiceDiscovery.class)
@LoadBalancerClients(defaultConfiguration = EtcdLoadBalancerClientConfiguration.class)
public class EtcdLoadBalancerAutoConfiguration {

}
