package dev.etcdregistry.console;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

import dev.etcdregistry.test.EtcdCluster;

/**
 * A consumer application as users write one: Spring Boot with the starter and a
 * {@code @LoadBalanced RestClient} with Spring Cloud's defaults. It calls
 * {@code http://<service>/port} in a loop (about every 20 ms) and records which instance port
 * each call went to (0 when it failed), seen by an interceptor after LoadBalancer's own.
 */
final class CallingConsumer implements AutoCloseable {

	/** One call: started at {@code startNanos}, answered by the instance at {@code port}, or failed. */
	record Call(long startNanos, int port, boolean failed) {
	}

	private final ConfigurableApplicationContext app;

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	private final AtomicInteger target = new AtomicInteger();

	private final RestClient client;

	private final String service;

	private final Thread thread;

	private volatile boolean running = true;

	CallingConsumer(EtcdCluster etcd, String service) {
		this.app = new SpringApplicationBuilder(ConsumerApp.class).web(WebApplicationType.NONE)
			.properties("etcd.endpoints=" + etcd.endpointsAsString(), "etcd.username=" + etcd.rootUser(),
					"etcd.password=" + etcd.rootPassword(), "spring.application.name=console-test-consumer",
					"spring.main.banner-mode=off")
			.run();
		// appended after LoadBalancer's interceptor, so it sees the chosen instance's address
		this.client = this.app.getBean(RestClient.Builder.class).clone().requestInterceptor((request, body, execution) -> {
			this.target.set(request.getURI().getPort());
			return execution.execute(request, body);
		}).build();
		this.service = service;
		this.thread = new Thread(this::run, "console-test-consumer");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void run() {
		while (this.running) {
			long start = System.nanoTime();
			this.target.set(0);
			try {
				String port = this.client.get().uri("http://" + this.service + "/port").retrieve().body(String.class);
				this.calls.add(new Call(start, Integer.parseInt(port), false));
			}
			catch (RuntimeException ex) {
				this.calls.add(new Call(start, this.target.get(), true));
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/** The calls started at or after {@code nanos} ({@link System#nanoTime()}), in order. */
	List<Call> since(long nanos) {
		List<Call> after = new ArrayList<>();
		for (Call call : this.calls) {
			if (call.startNanos() >= nanos) {
				after.add(call);
			}
		}
		return after;
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.thread.join(10_000);
		this.app.close();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ConsumerApp {

		@Bean
		@LoadBalanced
		RestClient.Builder loadBalancedRestClientBuilder() {
			return RestClient.builder();
		}

	}

}
