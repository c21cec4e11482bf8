package dev.etcdregistry.boot.registry;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.etcdregistry.boot.annotation.RegisterService;
import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.boot.testsupport.InMemoryRegistry;
import dev.etcdregistry.boot.testsupport.OfflineEtcd;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class EtcdServiceRegistrationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdRegistryAutoConfiguration.class,
				EtcdServiceRegistrationAutoConfiguration.class))
		.withUserConfiguration(OfflineEtcd.class)
		.withPropertyValues("spring.application.name=orders", "etcd.registry.host=10.0.0.7");

	@Test
	void doesNothingWithoutAnnotationOrProperty() {
		this.runner.run(context -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(EtcdAutoServiceRegistration.class));
	}

	@Test
	void registerPropertyRegistersOnReadyWithPropertyValues() {
		this.runner
			.withPropertyValues("etcd.registry.register=true", "etcd.registry.port=8081", "etcd.registry.secure=true",
					"etcd.registry.metadata.zone=eu-1", "etcd.registry.instance-id=orders-a")
			.run(context -> {
				assertThat(context).hasSingleBean(EtcdAutoServiceRegistration.class);
				assertThat(registry(context).calls()).isEmpty();
				ready(context);
				ServiceInstance instance = context.getBean(EtcdAutoServiceRegistration.class).instance().orElseThrow();
				assertThat(instance)
					.isEqualTo(new ServiceInstance("orders", "orders-a", "10.0.0.7", 8081, true, Map.of(
							"zone", "eu-1")));
				assertThat(registry(context).instances("orders")).containsExactly(instance);
			});
	}

	@Test
	void annotationRegistersWithGeneratedInstanceId() {
		this.runner.withUserConfiguration(AnnotatedApp.class).run(context -> {
			ready(context);
			ServiceInstance instance = context.getBean(EtcdAutoServiceRegistration.class).instance().orElseThrow();
			assertThat(instance.serviceName()).isEqualTo("billing");
			assertThat(instance.port()).isEqualTo(9000);
			assertThat(instance.metadata()).containsEntry("zone", "eu-1").containsEntry("version", "2=beta");
			assertThat(instance.instanceId()).matches("billing-10\\.0\\.0\\.7-9000-[0-9a-f]{8}");
		});
	}

	@Test
	void propertiesWinOverAnnotationAndMetadataIsMerged() {
		this.runner.withUserConfiguration(AnnotatedApp.class)
			.withPropertyValues("etcd.registry.service-name=invoices", "etcd.registry.port=9100",
					"etcd.registry.metadata.zone=us-2", "etcd.registry.metadata.team=red")
			.run(context -> {
				ready(context);
				ServiceInstance instance = context.getBean(EtcdAutoServiceRegistration.class).instance().orElseThrow();
				assertThat(instance.serviceName()).isEqualTo("invoices");
				assertThat(instance.port()).isEqualTo(9100);
				assertThat(instance.metadata()).containsEntry("zone", "us-2")
					.containsEntry("team", "red")
					.containsEntry("version", "2=beta");
			});
	}

	@Test
	void registerPropertySetToFalseSwitchesTheAnnotationOff() {
		this.runner.withUserConfiguration(AnnotatedApp.class)
			.withPropertyValues("etcd.registry.register=false")
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EtcdAutoServiceRegistration.class));
	}

	@Test
	void registerAutoIsTheDefaultAndFollowsTheAnnotation() {
		this.runner.withPropertyValues("etcd.registry.register=auto")
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EtcdAutoServiceRegistration.class));
		this.runner.withUserConfiguration(AnnotatedApp.class)
			.withPropertyValues("etcd.registry.register=auto")
			.run(context -> assertThat(context).hasSingleBean(EtcdAutoServiceRegistration.class));
		this.runner.run(context -> assertThat(context.getBean(EtcdRegistryProperties.class).getRegister())
			.isEqualTo(EtcdRegistryProperties.Register.AUTO));
	}

	@Test
	void registerOnAndOffDecideWithOrWithoutTheAnnotation() {
		this.runner.withPropertyValues("etcd.registry.register=on", "etcd.registry.port=8081")
			.run(context -> assertThat(context).hasSingleBean(EtcdAutoServiceRegistration.class));
		this.runner.withUserConfiguration(AnnotatedApp.class)
			.withPropertyValues("etcd.registry.register=off")
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EtcdAutoServiceRegistration.class));
		this.runner.withPropertyValues("etcd.registry.register=true", "etcd.registry.port=8081")
			.run(context -> assertThat(context.getBean(EtcdRegistryProperties.class).getRegister())
				.as("true is still accepted, as on").isEqualTo(EtcdRegistryProperties.Register.ON));
	}

	@Test
	void anUnknownRegisterValueIsAnErrorNamingTheProperty() {
		this.runner.withPropertyValues("etcd.registry.register=maybe")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'etcd.registry.register'"));
	}

	@Test
	void springCloudAutoRegistrationFlagSwitchesTheAnnotationOff() {
		this.runner.withUserConfiguration(AnnotatedApp.class)
			.withPropertyValues("spring.cloud.service-registry.auto-registration.enabled=false")
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EtcdAutoServiceRegistration.class));
	}

	@Test
	void instanceIdIsStableForTheProcess() {
		this.runner.withUserConfiguration(AnnotatedApp.class).run(context -> {
			EtcdAutoServiceRegistration registration = context.getBean(EtcdAutoServiceRegistration.class);
			ready(context);
			String first = registration.instance().orElseThrow().instanceId();
			registration.stop();
			registration.start();
			assertThat(registration.instance().orElseThrow().instanceId()).isEqualTo(first);
			assertThat(registry(context).calls()).containsExactly("register billing/" + first,
					"deregister billing/" + first, "register billing/" + first);
		});
	}

	@Test
	void stopsBeforeTheWebServerLifecycles() {
		assertThat(EtcdAutoServiceRegistration.PHASE)
			.isGreaterThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE)
			.isGreaterThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE);
	}

	@Test
	void deregistersWhenTheContextCloses() {
		InMemoryRegistry[] registry = new InMemoryRegistry[1];
		this.runner.withUserConfiguration(AnnotatedApp.class).run(context -> {
			ready(context);
			registry[0] = registry(context);
		});
		assertThat(registry[0].calls()).hasSize(2).last().asString().startsWith("deregister billing/billing-");
		assertThat(registry[0].instances("billing")).isEmpty();
	}

	@Test
	void worksWithoutTheWebServerModule() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.web.server"))
			.withPropertyValues("etcd.registry.register=true", "etcd.registry.port=8081")
			.run(context -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(WebServerPortListener.class);
				ready(context);
				assertThat(registry(context).instances("orders")).singleElement()
					.satisfies(instance -> assertThat(instance.port()).isEqualTo(8081));
			});
	}

	@Test
	void failsWithoutPortWhenThereIsNoWebServer() {
		this.runner.withPropertyValues("etcd.registry.register=true")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Service 'orders'")
				.hasMessageContaining("etcd.registry.port"));
	}

	@Test
	void failsWithoutServiceName() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdRegistryAutoConfiguration.class,
					EtcdServiceRegistrationAutoConfiguration.class))
			.withUserConfiguration(OfflineEtcd.class)
			.withPropertyValues("etcd.registry.register=true", "etcd.registry.port=1234")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("spring.application.name")
				.hasMessageContaining("etcd.registry.service-name"));
	}

	@Test
	void failsOnMetadataEntryWithoutEquals() {
		this.runner.withUserConfiguration(BadMetadataApp.class)
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("'zone'")
				.hasMessageContaining("key=value"));
	}

	@Test
	void failsOnInvalidServiceName() {
		this.runner.withPropertyValues("etcd.registry.register=true", "etcd.registry.port=1",
				"etcd.registry.service-name=a/b")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("'a/b'"));
	}

	@Test
	void backsOffFromUserRegistration() {
		this.runner.withUserConfiguration(AnnotatedApp.class, UserRegistration.class)
			.run(context -> assertThat(context).hasSingleBean(EtcdAutoServiceRegistration.class)
				.hasBean("myRegistration"));
	}

	@Test
	void doesNothingWhenTheRegistryIsDisabled() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdRegistryAutoConfiguration.class,
					EtcdServiceRegistrationAutoConfiguration.class))
			.withUserConfiguration(AnnotatedApp.class, OfflineDiscoveryOnly.class)
			.withPropertyValues("etcd.registry.enabled=false")
			.run(context -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ServiceRegistry.class)
				.doesNotHaveBean(EtcdAutoServiceRegistration.class));
	}

	private static InMemoryRegistry registry(AssertableApplicationContext context) {
		return context.getBean(InMemoryRegistry.class);
	}

	private static void ready(AssertableApplicationContext context) {
		ConfigurableApplicationContext source = context.getSourceApplicationContext();
		AvailabilityChangeEvent.publish(source, ReadinessState.ACCEPTING_TRAFFIC);
	}

	@Configuration(proxyBeanMethods = false)
	@RegisterService(name = "billing", port = 9000, metadata = { "zone=eu-1", "version=2=beta" })
	static class AnnotatedApp {

	}

	@Configuration(proxyBeanMethods = false)
	@RegisterService(port = 9000, metadata = "zone")
	static class BadMetadataApp {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRegistration {

		@Bean
		EtcdAutoServiceRegistration myRegistration(InMemoryRegistry registry,
				ApplicationContext context) {
			return new EtcdAutoServiceRegistration(registry, new RegistrationSettings("mine", "mine-1", "127.0.0.1",
					7000, false, Map.of(), "00000000"), context);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OfflineDiscoveryOnly {

		@Bean(destroyMethod = "close")
		EtcdConnection etcdConnection() {
			return OfflineEtcd.unconnected();
		}

		@Bean
		ServiceDiscovery discovery() {
			return mock(ServiceDiscovery.class);
		}

	}

}
