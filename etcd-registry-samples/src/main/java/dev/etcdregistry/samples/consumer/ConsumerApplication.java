package dev.etcdregistry.samples.consumer;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

import dev.etcdregistry.samples.Samples;

/**
 * A consumer: calls {@code greeting-service} by name through Spring Cloud LoadBalancer. The
 * etcd {@code DiscoveryClient} answers from a cache that one prefix watch keeps current, so
 * the load balancer alternates between the running instances and stops calling one the moment
 * it deregisters. {@code GET /call} makes one call; {@code GET /instances} lists what discovery
 * sees.
 */
@SpringBootApplication
public class ConsumerApplication {

	public static void main(String[] args) {
		Samples.application(ConsumerApplication.class, "consumer").run(args);
	}

	/** Resolves {@code http://<service>/...} through discovery, round robin. */
	@Bean
	@LoadBalanced
	RestClient.Builder loadBalancedRestClientBuilder() {
		return RestClient.builder();
	}

}
