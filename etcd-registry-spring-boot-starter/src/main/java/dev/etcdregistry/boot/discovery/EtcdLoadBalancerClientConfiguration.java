package dev.etcdregistry.boot.discovery;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplierBuilder;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.cloud.loadbalancer.support.LoadBalancerEnvironmentPropertyUtils;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import dev.etcdregistry.registry.ServiceDiscovery;

/**
 * The instance list of every load-balanced service, in each of Spring Cloud LoadBalancer's
 * per-service contexts: the etcd watch's list ({@link EtcdServiceInstanceListSupplier}) with
 * no time-to-live cache in front, whatever {@code spring.cloud.loadbalancer.cache.*} says.
 * It takes the place of LoadBalancer's default supplier (which caches a discovery answer for
 * 35 s) and keeps the features {@code spring.cloud.loadbalancer.configurations} asks for
 * (zone preference, weighted, same-instance preference, sticky session, subset) on top of it.
 * Zone preference is also on when this application knows its zone
 * ({@code spring.cloud.loadbalancer.zone}, or {@code etcd.registry.metadata.zone}); weights
 * with {@code etcd.discovery.load-balancer.weighted=true}.
 *
 * <p>Declared as LoadBalancer's default configuration by {@link EtcdLoadBalancerAutoConfiguration};
 * not meant to be imported otherwise. A bean of type {@link ServiceInstanceListSupplier} of the
 * application's own (in a {@code @LoadBalancerClient} configuration) wins.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(ServiceDiscovery.class)
public class EtcdLoadBalancerClientConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(EtcdLoadBalancerClientConfiguration.class);

	private static final List<String> NOT_APPLIED = List.of("health-check", "api-version");

	@Bean
	@ConditionalOnMissingBean
	ServiceInstanceListSupplier etcdServiceInstanceListSupplier(ConfigurableApplicationContext context,
			ServiceDiscovery discovery, Environment environment) {
		String service = LoadBalancerClientFactory.getName(environment);
		ServiceInstanceListSupplierBuilder builder = ServiceInstanceListSupplier.builder()
			.withBase(new EtcdServiceInstanceListSupplier(discovery, service));
		if (configured(environment, "subset")) {
			builder.withSubset();
		}
		String zone = zone(environment);
		if (configured(environment, "zone-preference")) {
			builder.withZonePreference();
		}
		else if (zone != null && environment.getProperty("etcd.discovery.load-balancer.zone-preference",
				Boolean.class, true)) {
			builder.withZonePreference(zone);
		}
		if (configured(environment, "weighted")
				|| environment.getProperty("etcd.discovery.load-balancer.weighted", Boolean.class, false)) {
			builder.withWeighted();
		}
		if (configured(environment, "same-instance-preference")) {
			builder.withSameInstancePreference();
		}
		if (configured(environment, "request-based-sticky-session")) {
			builder.withRequestBasedStickySession();
		}
		for (String ignored : NOT_APPLIED) {
			if (configured(environment, ignored)) {
				logger.warn("spring.cloud.loadbalancer.configurations={} is not applied to service '{}': etcd's "
						+ "instance list does not support it; declare your own ServiceInstanceListSupplier on "
						+ "ServiceInstanceListSupplier.builder().withBase(new EtcdServiceInstanceListSupplier(...)) "
						+ "to add it", ignored, service);
			}
		}
		return builder.build(context);
	}

	private static boolean configured(Environment environment, String configuration) {
		return LoadBalancerEnvironmentPropertyUtils.equalToForClientOrDefault(environment, "configurations",
				configuration);
	}

	/** The zone of this application: LoadBalancer's own setting first, then the registered metadata. */
	private static String zone(Environment environment) {
		String zone = environment.getProperty("spring.cloud.loadbalancer.zone");
		if (!StringUtils.hasText(zone)) {
			zone = environment.getProperty("etcd.registry.metadata.zone");
		}
		return StringUtils.hasText(zone) ? zone : null;
	}

}
