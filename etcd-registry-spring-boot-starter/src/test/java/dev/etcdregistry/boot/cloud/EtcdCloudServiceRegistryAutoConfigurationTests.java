package dev.etcdregistry.boot.cloud;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.boot.registry.EtcdRegistryAutoConfiguration;
import dev.etcdregistry.boot.registry.EtcdServiceRegistrationAutoConfiguration;
import dev.etcdregistry.boot.testsupport.InMemoryRegistry;
import dev.etcdregistry.boot.testsupport.OfflineEtcd;
import dev.etcdregistry.client.EtcdConnection;

import static org.assertj.core.api.Assertions.assertThat;

class EtcdCloudServiceRegistryAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdRegistryAutoConfiguration.class,
				EtcdServiceRegistrationAutoConfiguration.class, EtcdCloudServiceRegistryAutoConfiguration.class))
		.withUserConfiguration(OfflineEtcd.class)
		.withPropertyValues("spring.application.name=orders");

	@Test
	void serviceRegistryWithoutRegistrationWhenTheAppDoesNotRegister() {
		this.runner.run(context -> assertThat(context).hasSingleBean(ServiceRegistry.class)
			.hasSingleBean(EtcdCloudServiceRegistry.class)
			.doesNotHaveBean(Registration.class));
	}

	@Test
	void registrationFollowsTheAutoRegistration() {
		this.runner.withPropertyValues("etcd.registry.register=true", "etcd.registry.port=8080",
				"etcd.registry.host=10.0.0.9")
			.run(context -> {
				EtcdRegistration registration = context.getBean(EtcdRegistration.class);
				assertThat(registration.getServiceId()).isEqualTo("orders");
				assertThat(registration.getPort()).isZero();
				assertThat(registration.getInstanceId()).isNull();
				ConfigurableApplicationContext source = context.getSourceApplicationContext();
				AvailabilityChangeEvent.publish(source, ReadinessState.ACCEPTING_TRAFFIC);
				assertThat(registration.getPort()).isEqualTo(8080);
				assertThat(registration.getHost()).isEqualTo("10.0.0.9");
				assertThat(registration.getInstanceId()).startsWith("orders-10.0.0.9-8080-");
				EtcdCloudServiceRegistry registry = context.getBean(EtcdCloudServiceRegistry.class);
				assertThat((String) registry.getStatus(registration)).isEqualTo("UP");
				registry.setStatus(registration, "OUT_OF_SERVICE");
				assertThat(context.getBean(InMemoryRegistry.class).instances("orders")).isEmpty();
				assertThat((String) registry.getStatus(registration)).isEqualTo("OUT_OF_SERVICE");
			});
	}

	@Test
	void backsOffFromUserBeans() {
		this.runner.withUserConfiguration(UserBeans.class)
			.withPropertyValues("etcd.registry.register=true", "etcd.registry.port=8080")
			.run(context -> assertThat(context).hasSingleBean(EtcdCloudServiceRegistry.class)
				.hasBean("myRegistry")
				.hasSingleBean(EtcdRegistration.class)
				.hasBean("myRegistration"));
	}

	@Test
	void disabledBySpringCloudProperty() {
		this.runner.withPropertyValues("spring.cloud.service-registry.enabled=false")
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ServiceRegistry.class));
	}

	@Test
	void absentWithoutTheEtcdRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdRegistryAutoConfiguration.class,
					EtcdServiceRegistrationAutoConfiguration.class, EtcdCloudServiceRegistryAutoConfiguration.class))
			.withPropertyValues("etcd.registry.enabled=false", "etcd.discovery.enabled=false")
			.withBean(EtcdConnection.class, OfflineEtcd::unconnected)
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ServiceRegistry.class));
	}

	@Test
	void absentWithoutSpringCloud() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.cloud"))
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EtcdCloudServiceRegistry.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		@Bean
		EtcdCloudServiceRegistry myRegistry(InMemoryRegistry registry) {
			return new EtcdCloudServiceRegistry(registry);
		}

		@Bean
		EtcdRegistration myRegistration() {
			return EtcdRegistration.of(dev.etcdregistry.registry.ServiceInstance.of("orders", "o-1", "10.0.0.1", 80));
		}

	}

}
