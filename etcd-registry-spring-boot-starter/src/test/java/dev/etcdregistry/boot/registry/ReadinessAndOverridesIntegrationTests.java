package dev.etcdregistry.boot.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.PutOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.etcdregistry.boot.actuate.EtcdEndpoint;
import dev.etcdregistry.boot.annotation.RegisterService;
import dev.etcdregistry.boot.testsupport.EtcdApps;
import dev.etcdregistry.registry.InstanceOverride;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceKeys;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Registration follows Spring Boot's readiness (registered once ready, out of service while
 * refusing traffic), the instance value carries its status, and consumers leave out instances
 * that are not UP, or that an operator took out with an override key; the override outlives
 * the instance's re-registration under a new lease.
 */
@EtcdTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReadinessAndOverridesIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private EtcdApps apps;

	@BeforeEach
	void start(EtcdCluster etcd) {
		this.apps = new EtcdApps(etcd);
		CURRENT.set(this.apps);
	}

	@AfterEach
	void stop() throws Exception {
		CURRENT.remove();
		this.apps.close();
	}

	@Test
	void registrationFollowsReadiness() throws Exception {
		ConfigurableApplicationContext provider = this.apps.run(ProviderApp.class, true);
		assertThat(provider.getBean(ProviderApp.class).registeredDuringRunners)
			.as("instances in etcd while the runners ran (before the application was ready)")
			.isEmpty();
		assertThat(this.apps.instances("echo").values()).singleElement().asString().contains("\"status\":\"UP\"");
		ServiceDiscovery consumer = this.apps.run(ConsumerApp.class, false).getBean(ServiceDiscovery.class);
		await().atMost(WAIT).until(() -> consumer.instances("echo").size() == 1);

		AvailabilityChangeEvent.publish(provider, ReadinessState.REFUSING_TRAFFIC);
		assertThat(this.apps.instances("echo").values()).singleElement().asString().contains("\"status\":\"OUT_OF_SERVICE\"");
		await().atMost(WAIT).until(() -> consumer.instances("echo").isEmpty());

		AvailabilityChangeEvent.publish(provider, ReadinessState.ACCEPTING_TRAFFIC);
		assertThat(this.apps.instances("echo").values()).singleElement().asString().contains("\"status\":\"UP\"");
		await().atMost(WAIT).until(() -> consumer.instances("echo").size() == 1);
	}

	@Test
	void anOverrideTakesAnInstanceOutAndOutlivesItsReRegistration() throws Exception {
		ConfigurableApplicationContext provider = this.apps.run(ProviderApp.class, true,
				"management.endpoints.web.exposure.include=etcd");
		List<InstanceOverride> events = new CopyOnWriteArrayList<>();
		provider.addApplicationListener(
				(ApplicationListener<EtcdInstanceOverrideEvent>) event -> events.add(event.getOverride()));
		ServiceDiscovery consumer = this.apps.run(ConsumerApp.class, false).getBean(ServiceDiscovery.class);
		await().atMost(WAIT).until(() -> consumer.instances("echo").size() == 1);
		ServiceInstance instance = consumer.instances("echo").get(0);
		String instanceKey = this.apps.namespace() + ServiceKeys.instanceKey("echo", instance.instanceId());
		String overrideKey = this.apps.namespace() + ServiceKeys.overrideKey("echo", instance.instanceId());
		long lease = get(instanceKey).getLease();

		// what the console does: the override under the instance's lease
		put(overrideKey, "{\"status\":\"OUT_OF_SERVICE\",\"by\":\"ops\",\"at\":\"2026-11-29T15:00:00Z\"}", lease);
		await().atMost(WAIT).until(() -> consumer.instances("echo").isEmpty());
		await().atMost(WAIT).until(() -> events.stream().anyMatch(InstanceOverride::isActive));
		assertThat(events.get(0).by()).isEqualTo("ops");
		assertThat(provider.getBean(EtcdEndpoint.class).etcd().overrides()).singleElement()
			.satisfies(override -> assertThat(override.status()).isEqualTo("OUT_OF_SERVICE"));

		// the lease is lost (revoked from outside): instance and override go; both come back under a new lease
		this.apps.raw().getLeaseClient().revoke(lease).get(10, TimeUnit.SECONDS);
		await().atMost(WAIT).untilAsserted(() -> {
			KeyValue again = get(instanceKey);
			assertThat(again).isNotNull();
			assertThat(again.getLease()).isNotEqualTo(lease);
			KeyValue override = get(overrideKey);
			assertThat(override).as("override written again under the new lease").isNotNull();
			assertThat(override.getLease()).isEqualTo(again.getLease());
		});
		assertThat(consumer.instances("echo")).isEmpty();

		// deleting the override puts the instance back
		this.apps.raw().getKVClient().delete(bytes(overrideKey)).get(10, TimeUnit.SECONDS);
		await().atMost(WAIT).until(() -> consumer.instances("echo").size() == 1);
		await().atMost(WAIT).until(() -> !events.get(events.size() - 1).isActive());
	}

	private KeyValue get(String key) throws Exception {
		List<KeyValue> kvs = this.apps.raw().getKVClient().get(bytes(key)).get(10, TimeUnit.SECONDS).getKvs();
		return kvs.isEmpty() ? null : kvs.get(0);
	}

	private void put(String key, String value, long lease) throws Exception {
		this.apps.raw().getKVClient()
			.put(bytes(key), bytes(value), PutOption.builder().withLeaseId(lease).build())
			.get(10, TimeUnit.SECONDS);
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@RegisterService(name = "echo")
	static class ProviderApp {

		volatile Map<String, String> registeredDuringRunners;

		@Bean
		CommandLineRunner recordRegistrationDuringRunners(EtcdAppsHolder holder) {
			return args -> this.registeredDuringRunners = holder.apps.instances("echo");
		}

		@Bean
		EtcdAppsHolder etcdAppsHolder() {
			return new EtcdAppsHolder(CURRENT.get());
		}

	}

	/** Lets the provider's runner read etcd the way the test does. */
	record EtcdAppsHolder(EtcdApps apps) {
	}

	static final ThreadLocal<EtcdApps> CURRENT = new ThreadLocal<>();

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ConsumerApp {

	}

}
