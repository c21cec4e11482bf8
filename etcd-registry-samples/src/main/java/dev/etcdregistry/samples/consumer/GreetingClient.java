package dev.etcdregistry.samples.consumer;

import java.util.List;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Calls {@code greeting-service} by its name; the load-balanced builder picks an instance for
 * each call.
 */
@Component
public class GreetingClient {

	/** The service called. */
	public static final String SERVICE = "greeting-service";

	private final RestClient client;

	private final DiscoveryClient discovery;

	GreetingClient(RestClient.Builder loadBalanced, DiscoveryClient discovery) {
		this.client = loadBalanced.baseUrl("http://" + SERVICE).build();
		this.discovery = discovery;
	}

	/**
	 * One call to some instance of the service.
	 * @return its answer
	 */
	public GreetingReply hello() {
		return this.client.get().uri("/hello").retrieve().body(GreetingReply.class);
	}

	/**
	 * The instances the load balancer chooses from, as discovery sees them now (from memory).
	 * @return the instances
	 */
	public List<ServiceInstance> instances() {
		return this.discovery.getInstances(SERVICE);
	}

}
