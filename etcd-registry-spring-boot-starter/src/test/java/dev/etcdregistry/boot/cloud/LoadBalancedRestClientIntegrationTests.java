package dev.etcdregistry.boot.cloud;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import dev.etcdregistry.boot.annotation.RegisterService;
import dev.etcdregistry.boot.testsupport.EtcdApps;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code @LoadBalanced RestClient.Builder} (Spring Cloud LoadBalancer) in one application
 * reaches instances registered in etcd by other processes: Spring Boot apps using
 * {@code @RegisterService}, and a plain HTTP server registered the way the Node.js tutorial
 * does it.
 */
@EtcdTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoadBalancedRestClientIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private EtcdApps apps;

	@BeforeEach
	void start(EtcdCluster etcd) {
		this.apps = new EtcdApps(etcd);
	}

	@AfterEach
	void stop() throws Exception {
		this.apps.close();
	}

	@Test
	void alternatesBetweenTwoRegisteredProviders() {
		int first = port(this.apps.run(ProviderApp.class, true));
		int second = port(this.apps.run(ProviderApp.class, true));
		ConfigurableApplicationContext consumer = this.apps.run(ConsumerApp.class, false,
				"spring.application.name=consumer");
		awaitInstances(consumer, "echo", 2);
		RestClient client = consumer.getBean(RestClient.Builder.class).build();
		List<String> answers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			answers.add(client.get().uri("http://echo/port").retrieve().body(String.class));
		}
		assertThat(new HashSet<>(answers)).containsExactlyInAnyOrder(String.valueOf(first), String.valueOf(second));
		for (int i = 1; i < answers.size(); i++) {
			assertThat(answers.get(i)).as("call %d goes to the other instance", i).isNotEqualTo(answers.get(i - 1));
		}
	}

	@Test
	void reachesAnInstanceRegisteredTheSeedWay() throws Exception {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/hello", exchange -> {
			byte[] body = "from seed".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		this.apps.closeLater(() -> server.stop(0));
		this.apps.putSeedStyle("seed-service", "node-1",
				"{\"host\":\"127.0.0.1\",\"port\":" + server.getAddress().getPort() + "}");
		ConfigurableApplicationContext consumer = this.apps.run(ConsumerApp.class, false,
				"spring.application.name=consumer");
		awaitInstances(consumer, "seed-service", 1);
		String answer = consumer.getBean(RestClient.Builder.class)
			.build()
			.get()
			.uri("http://seed-service/hello")
			.retrieve()
			.body(String.class);
		assertThat(answer).isEqualTo("from seed");
	}

	@Test
	void publishesHeartbeatsWhenInstancesComeAndGo() {
		ConfigurableApplicationContext consumer = this.apps.run(ConsumerApp.class, false,
				"spring.application.name=consumer");
		List<Object> heartbeats = new CopyOnWriteArrayList<>();
		consumer.addApplicationListener((ApplicationListener<HeartbeatEvent>) event -> heartbeats.add(event.getValue()));
		// discovery holds (and beats for) the services the consumer looks up: subscribed, the default
		assertThat(consumer.getBean(DiscoveryClient.class).getInstances("echo")).isEmpty();
		ConfigurableApplicationContext provider = this.apps.run(ProviderApp.class, true);
		await().atMost(WAIT).until(() -> !heartbeats.isEmpty());
		long registered = (Long) heartbeats.get(heartbeats.size() - 1);
		provider.close();
		await().atMost(WAIT).untilAsserted(() -> assertThat((Long) heartbeats.get(heartbeats.size() - 1))
			.isGreaterThan(registered));
		assertThat(consumer.getBean(DiscoveryClient.class).getInstances("echo")).isEmpty();
	}

	private static void awaitInstances(ApplicationContext consumer, String service, int count) {
		DiscoveryClient discovery = consumer.getBean(DiscoveryClient.class);
		await().atMost(WAIT).untilAsserted(() -> assertThat(discovery.getInstances(service)).hasSize(count));
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@RegisterService(name = "echo")
	static class ProviderApp {

		@Bean
		PortController portController(ApplicationContext context) {
			return new PortController((WebServerApplicationContext) context);
		}

	}

	@RestController
	static class PortController {

		private final WebServerApplicationContext context;

		PortController(WebServerApplicationContext context) {
			this.context = context;
		}

		@GetMapping("/port")
		String port() {
			return String.valueOf(this.context.getWebServer().getPort());
		}

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
