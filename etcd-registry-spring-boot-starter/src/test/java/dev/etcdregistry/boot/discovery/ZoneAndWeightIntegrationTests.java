package dev.etcdregistry.boot.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import dev.etcdregistry.boot.discovery.LoadBalancerFreshnessIntegrationTests.ConsumerApp;
import dev.etcdregistry.boot.discovery.LoadBalancerFreshnessIntegrationTests.ProviderApp;
import dev.etcdregistry.boot.testsupport.EtcdApps;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real calls through a {@code @LoadBalanced RestClient}: an instance's {@code zone} metadata
 * steers calls to the consumer's own zone, and with weights switched on each instance's
 * {@code weight} metadata sets its share.
 */
@EtcdTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ZoneAndWeightIntegrationTests {

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
	void callsStayInTheConsumersZone() {
		int home = port(this.apps.run(ProviderApp.class, true, "etcd.registry.metadata.zone=eu-1"));
		this.apps.run(ProviderApp.class, true, "etcd.registry.metadata.zone=us-1");
		ConfigurableApplicationContext consumer = this.apps.run(ConsumerApp.class, false,
				"spring.application.name=consumer", "etcd.registry.metadata.zone=eu-1");
		assertThat(calls(consumer, 10)).as("ports called").containsOnly(String.valueOf(home));
	}

	@Test
	void weightsSetEachInstancesShareWhenSwitchedOn() {
		int heavy = port(this.apps.run(ProviderApp.class, true, "etcd.registry.metadata.weight=3"));
		int light = port(this.apps.run(ProviderApp.class, true, "etcd.registry.metadata.weight=1"));
		ConfigurableApplicationContext consumer = this.apps.run(ConsumerApp.class, false,
				"spring.application.name=consumer", "etcd.discovery.load-balancer.weighted=true");
		List<String> answers = calls(consumer, 40);
		long toHeavy = answers.stream().filter(String.valueOf(heavy)::equals).count();
		long toLight = answers.stream().filter(String.valueOf(light)::equals).count();
		assertThat(toHeavy + toLight).isEqualTo(40);
		assertThat(toHeavy).as("calls to the instance of weight 3 (vs %d to weight 1)", toLight)
			.isGreaterThanOrEqualTo(2 * toLight);
	}

	private static List<String> calls(ConfigurableApplicationContext consumer, int count) {
		DiscoveryClient discovery = consumer.getBean(DiscoveryClient.class);
		await().atMost(Duration.ofSeconds(20)).until(() -> discovery.getInstances("echo").size() == 2);
		RestClient client = consumer.getBean(RestClient.Builder.class).build();
		List<String> answers = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			answers.add(client.get().uri("http://echo/port").retrieve().body(String.class));
		}
		return answers;
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
