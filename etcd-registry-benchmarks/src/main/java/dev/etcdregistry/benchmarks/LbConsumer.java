package dev.etcdregistry.benchmarks;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * The consumer of figure 11, run inside the harness JVM: the starter's discovery and a
 * {@code @LoadBalanced RestClient.Builder}, as a user writes it from the README.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class LbConsumer {

	@Bean
	@LoadBalanced
	RestClient.Builder loadBalancedRestClientBuilder() {
		return RestClient.builder();
	}

}
