package dev.etcdregistry.boot.cloud;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.discovery.event.InstanceRegisteredEvent;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.boot.registry.EtcdRegistryAutoConfiguration;
import dev.etcdregistry.boot.testsupport.InMemoryRegistry;
import dev.etcdregistry.boot.testsupport.OfflineEtcd;

import static org.assertj.core.api.Assertions.assertThat;

class EtcdCloudDiscoveryAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdRegistryAutoConfiguration.class,
				EtcdCloudDiscoveryAutoConfiguration.class, SimpleDiscoveryClientAutoConfiguration.class,
				CompositeDiscoveryClientAutoConfiguration.class, UtilAutoConfiguration.class))
		.withUserConfiguration(OfflineEtcd.class);

	@Test
	void createsBothClientsAnsweringFromTheCache() {
		this.runner.run(context -> {
			assertThat(context).hasSingleBean(EtcdDiscoveryClient.class)
				.hasSingleBean(EtcdReactiveDiscoveryClient.class);
			context.getBean(InMemoryRegistry.class)
				.register(new dev.etcdregistry.registry.ServiceInstance("orders", "orders-1", "10.0.0.1", 8443, true,
						Map.of("zone", "eu-1")));
			DiscoveryClient composite = context.getBean(CompositeDiscoveryClient.class);
			assertThat(composite.getServices()).contains("orders");
			List<ServiceInstance> instances = composite.getInstances("orders");
			assertThat(instances).singleElement().satisfies(instance -> {
				assertThat(instance.getServiceId()).isEqualTo("orders");
				assertThat(instance.getInstanceId()).isEqualTo("orders-1");
				assertThat(instance.getHost()).isEqualTo("10.0.0.1");
				assertThat(instance.getPort()).isEqualTo(8443);
				assertThat(instance.isSecure()).isTrue();
				assertThat(instance.getScheme()).isEqualTo("https");
				assertThat(instance.getUri()).hasToString("https://10.0.0.1:8443");
				assertThat(instance.getMetadata()).containsExactly(Map.entry("zone", "eu-1"));
			});
			ReactiveDiscoveryClient reactive = context.getBean(EtcdReactiveDiscoveryClient.class);
			assertThat(reactive.getInstances("orders").collectList().block()).isEqualTo(instances);
			assertThat(reactive.getServices().collectList().block()).containsExactly("orders");
			assertThat(context.getBean(EtcdDiscoveryClient.class).getInstances("unknown")).isEmpty();
		});
	}

	@Test
	void orderAndDescriptionFollowSpringCloud() {
		this.runner.withPropertyValues("etcd.discovery.order=7").run(context -> {
			EtcdDiscoveryClient client = context.getBean(EtcdDiscoveryClient.class);
			assertThat(client.getOrder()).isEqualTo(7);
			assertThat(client.description()).contains("etcd");
			assertThat(context.getBean(EtcdReactiveDiscoveryClient.class).getOrder()).isEqualTo(7);
		});
		this.runner.run(context -> assertThat(context.getBean(EtcdDiscoveryClient.class).getOrder())
			.isEqualTo(DiscoveryClient.DEFAULT_ORDER));
	}

	@Test
	void publishesHeartbeatWithTheRevisionWhenTheCacheChanges() {
		this.runner.withUserConfiguration(HeartbeatRecorder.class).run(context -> {
			InMemoryRegistry registry = context.getBean(InMemoryRegistry.class);
			assertThat(registry.listenerCount()).isEqualTo(1);
			registry.register(dev.etcdregistry.registry.ServiceInstance.of("orders", "orders-1", "10.0.0.1", 80));
			List<HeartbeatEvent> events = context.getBean(HeartbeatRecorder.class).events;
			assertThat(events).singleElement()
				.satisfies(event -> assertThat(event.getValue()).isEqualTo(registry.revision()));
			context.stop();
			assertThat(registry.listenerCount()).isZero();
		});
	}

	@Test
	void tellsSpringCloudsDiscoveryHealthThatTheCacheIsReady() {
		this.runner.withUserConfiguration(RegisteredRecorder.class).run(context -> {
			List<InstanceRegisteredEvent<?>> events = context.getBean(RegisteredRecorder.class).events;
			assertThat(events).singleElement()
				.satisfies(event -> assertThat(event.getConfig())
					.isEqualTo(context.getBean(InMemoryRegistry.class).revision()));
		});
	}

	@Test
	void backsOffFromUserClients() {
		this.runner.withUserConfiguration(UserClients.class).run(context -> {
			assertThat(context).hasSingleBean(EtcdDiscoveryClient.class).hasBean("myClient");
			assertThat(context).hasSingleBean(EtcdReactiveDiscoveryClient.class).hasBean("myReactiveClient");
		});
	}

	@Test
	void springCloudDiscoveryDisabled() {
		this.runner.withPropertyValues("spring.cloud.discovery.enabled=false")
			.run(context -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(EtcdDiscoveryClient.class)
				.doesNotHaveBean(EtcdReactiveDiscoveryClient.class)
				.doesNotHaveBean(DiscoveryHeartbeatPublisher.class));
	}

	@Test
	void etcdDiscoveryDisabled() {
		this.runner.withPropertyValues("etcd.discovery.enabled=false")
			.run(context -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(EtcdDiscoveryClient.class)
				.doesNotHaveBean(EtcdReactiveDiscoveryClient.class));
	}

	@Test
	void reactiveOrBlockingDisabledSeparately() {
		this.runner.withPropertyValues("spring.cloud.discovery.reactive.enabled=false")
			.run(context -> assertThat(context).hasSingleBean(EtcdDiscoveryClient.class)
				.doesNotHaveBean(EtcdReactiveDiscoveryClient.class));
		this.runner.withPropertyValues("spring.cloud.discovery.blocking.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(EtcdDiscoveryClient.class)
				.hasSingleBean(EtcdReactiveDiscoveryClient.class));
	}

	@Test
	void noReactiveClientWithoutReactor() {
		this.runner.withClassLoader(new FilteredClassLoader("reactor.core"))
			.run(context -> assertThat(context).hasNotFailed()
				.hasSingleBean(EtcdDiscoveryClient.class)
				.doesNotHaveBean(EtcdReactiveDiscoveryClient.class));
	}

	@Test
	void noAdaptersWithoutSpringCloud() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdRegistryAutoConfiguration.class,
					EtcdCloudDiscoveryAutoConfiguration.class))
			.withUserConfiguration(OfflineEtcd.class)
			.withClassLoader(new FilteredClassLoader("org.springframework.cloud"))
			.run(context -> assertThat(context).hasNotFailed()
				.hasSingleBean(dev.etcdregistry.registry.ServiceDiscovery.class)
				.doesNotHaveBean(EtcdDiscoveryClient.class)
				.doesNotHaveBean(DiscoveryHeartbeatPublisher.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class HeartbeatRecorder implements ApplicationListener<HeartbeatEvent> {

		final List<HeartbeatEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(HeartbeatEvent event) {
			this.events.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RegisteredRecorder implements ApplicationListener<InstanceRegisteredEvent<?>> {

		final List<InstanceRegisteredEvent<?>> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(InstanceRegisteredEvent<?> event) {
			this.events.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserClients {

		@Bean
		EtcdDiscoveryClient myClient(InMemoryRegistry discovery) {
			return new EtcdDiscoveryClient(discovery, 3);
		}

		@Bean
		EtcdReactiveDiscoveryClient myReactiveClient(InMemoryRegistry discovery) {
			return new EtcdReactiveDiscoveryClient(discovery, 3);
		}

	}

}
