package dev.etcdregistry.samples.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.samples.SampleApps;
import dev.etcdregistry.samples.provider.ProviderApplication;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer calls two providers in turn through {@code GET /call}, and only the remaining
 * one once the other has stopped.
 */
@EtcdTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConsumerIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private SampleApps apps;

	@BeforeEach
	void start(EtcdCluster etcd) {
		this.apps = new SampleApps(etcd);
	}

	@AfterEach
	void stop() {
		this.apps.close();
	}

	@Test
	void alternatesBetweenProvidersAndDropsAStoppedOne() {
		ConfigurableApplicationContext first = this.apps.run(ProviderApplication.class, "provider");
		ConfigurableApplicationContext second = this.apps.run(ProviderApplication.class, "provider");
		String firstId = first.getBean(Registration.class).getInstanceId();
		String secondId = second.getBean(Registration.class).getInstanceId();
		ConfigurableApplicationContext consumer = this.apps.run(ConsumerApplication.class, "consumer");
		await().atMost(WAIT).untilAsserted(() -> assertThat(instances(consumer)).hasSize(2));

		List<String> answeredBy = calls(consumer, 6);
		assertThat(answeredBy).containsOnly(firstId, secondId);
		for (int i = 1; i < answeredBy.size(); i++) {
			assertThat(answeredBy.get(i)).as("call %d goes to the other instance", i + 1)
				.isNotEqualTo(answeredBy.get(i - 1));
		}

		this.apps.stop(second);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(instances(consumer)).singleElement().asString().startsWith(firstId + " "));
		assertThat(calls(consumer, 4)).containsOnly(firstId);
	}

	private List<String> calls(ConfigurableApplicationContext consumer, int times) {
		List<String> answeredBy = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			answeredBy.add(this.apps.get(consumer, "/call", GreetingReply.class).instanceId());
		}
		return answeredBy;
	}

	private List<?> instances(ConfigurableApplicationContext consumer) {
		return this.apps.get(consumer, "/instances", List.class);
	}

}
