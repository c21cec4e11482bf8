package dev.etcdregistry.boot.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;

import dev.etcdregistry.Subscription;
import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.boot.testsupport.UnconnectedEtcd;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.RegistrationEvent;
import dev.etcdregistry.registry.RegistrationListener;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * Tests for {@link EtcdRegistryAutoConfiguration}. Discovery reads etcd as it starts, so tests
 * that leave it on supply their own; the defaults with a real etcd are covered by the actuator
 * integration tests.
 */
class EtcdRegistryAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdRegistryAutoConfiguration.class));

	@Test
	void registryIsCreatedByDefault() {
		withConnection().withPropertyValues("etcd.discovery.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(ServiceRegistry.class);
			assertThat(context).doesNotHaveBean(ServiceDiscovery.class);
			assertThat(context.getBean(ServiceRegistry.class).registrations()).isEmpty();
		});
	}

	@Test
	void registryCanBeDisabled() {
		withConnection().withPropertyValues("etcd.registry.enabled=false", "etcd.discovery.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ServiceRegistry.class);
				assertThat(context).doesNotHaveBean(ServiceDiscovery.class);
			});
	}

	@Test
	void discoveryIsCreatedByDefaultAndFailsFastWithoutEtcd() {
		// proves the default is on: without etcd, discovery's first read fails the context
		withConnection().withPropertyValues("etcd.registry.enabled=false").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasMessageContaining("etcdServiceDiscovery");
		});
	}

	@Test
	void backsOffFromUserDefinedRegistry() {
		ServiceRegistry registry = mock(ServiceRegistry.class);
		withConnection().withPropertyValues("etcd.discovery.enabled=false")
			.withBean(ServiceRegistry.class, () -> registry)
			.run((context) -> {
				assertThat(context).hasSingleBean(ServiceRegistry.class);
				assertThat(context.getBean(ServiceRegistry.class)).isSameAs(registry);
			});
		verify(registry).close();
	}

	@Test
	void backsOffFromUserDefinedDiscovery() {
		ServiceDiscovery discovery = mock(ServiceDiscovery.class);
		withConnection().withBean(ServiceDiscovery.class, () -> discovery).run((context) -> {
			assertThat(context).hasSingleBean(ServiceDiscovery.class);
			assertThat(context.getBean(ServiceDiscovery.class)).isSameAs(discovery);
			assertThat(context).hasSingleBean(ServiceRegistry.class);
		});
	}

	@Test
	void registryEventsArePublishedAsApplicationEventsUntilTheContextCloses() {
		ServiceRegistry registry = mock(ServiceRegistry.class);
		Subscription subscription = mock(Subscription.class);
		ArgumentCaptor<RegistrationListener> listener = ArgumentCaptor.forClass(RegistrationListener.class);
		given(registry.addListener(listener.capture())).willReturn(subscription);
		List<EtcdRegistrationEvent> published = new CopyOnWriteArrayList<>();
		withConnection().withPropertyValues("etcd.discovery.enabled=false")
			.withBean(ServiceRegistry.class, () -> registry)
			.withBean(ApplicationListener.class,
					() -> (ApplicationListener<EtcdRegistrationEvent>) published::add)
			.run((context) -> {
				RegistrationEvent event = new RegistrationEvent(RegistrationEvent.Type.REGISTERED,
						new ServiceInstance("orders", "orders-1", "10.0.0.1", 8080, false, Map.of()), 7, null);
				listener.getValue().onEvent(event);
				assertThat(published).singleElement()
					.satisfies((e) -> assertThat(e.getRegistration()).isEqualTo(event));
				verify(subscription, never()).close();
			});
		verify(subscription).close();
	}

	@Test
	void nothingWithoutConnection() {
		this.contextRunner.withPropertyValues("etcd.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ServiceRegistry.class);
				assertThat(context).doesNotHaveBean(ServiceDiscovery.class);
			});
	}

	private ApplicationContextRunner withConnection() {
		return this.contextRunner.withBean(EtcdConnection.class, UnconnectedEtcd::connection);
	}

}
