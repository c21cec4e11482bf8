package dev.etcdregistry.boot.actuate;

import dev.etcdregistry.boot.connection.SensitiveKeys;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.actuate.endpoint.Show;

import dev.etcdregistry.boot.actuate.EtcdEndpoint.EtcdDescriptor;
import dev.etcdregistry.boot.config.EtcdConfigWatches;
import dev.etcdregistry.boot.config.EtcdConfigWatches.WatchedKey;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link EtcdEndpoint} with plain objects.
 */
class EtcdEndpointTests {

	private static final EtcdSettings SETTINGS = EtcdSettings.builder()
		.endpoints("http://10.0.0.1:2379")
		.username("orders")
		.password("top-secret-pw")
		.namespace("/prod")
		.build();

	private final StaticListableBeanFactory beans = new StaticListableBeanFactory();

	@Test
	void describesConnectionWithoutPasswordAndNothingElseWhenAlone() {
		EtcdDescriptor descriptor = endpoint().etcd();
		assertThat(descriptor.connection().endpoints()).containsExactly("http://10.0.0.1:2379");
		assertThat(descriptor.connection().namespace()).isEqualTo("/prod");
		assertThat(descriptor.connection().username()).isEqualTo("orders");
		assertThat(descriptor.connection().tls()).isEqualTo("off");
		assertThat(descriptor.watchedKeys()).isEmpty();
		assertThat(descriptor.registrations()).isNull();
		assertThat(descriptor.discovery()).isNull();
		assertThat(json(descriptor)).doesNotContain("top-secret-pw");
	}

	@Test
	void listsWatchedKeysOfEveryBeanWithSensitiveValuesMasked() {
		this.beans.addBean("first", watches(new WatchedKey("/config/orders/limit", "@EtcdConfigValue limit", 7, "10")));
		this.beans.addBean("second",
				watches(new WatchedKey("/config/orders/db.password", "spring.config.import", 9, "hunter2"),
						new WatchedKey("/config/orders/absent.token", "spring.config.import", 0, null)));
		EtcdDescriptor descriptor = endpoint().etcd();
		assertThat(descriptor.watchedKeys()).extracting("key", "revision", "value")
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("/config/orders/limit", 7L, "10"),
					org.assertj.core.groups.Tuple.tuple("/config/orders/db.password", 9L, "******"),
					org.assertj.core.groups.Tuple.tuple("/config/orders/absent.token", 0L, null));
		assertThat(json(descriptor)).doesNotContain("hunter2");
	}

	@Test
	void listsRegistrationsAndDiscoveredServicesWithMaskedMetadata() {
		ServiceInstance self = ServiceInstance.of("orders", "orders-1", "10.0.0.5", 8080)
			.withMetadata(Map.of("zone", "eu-1", "api-key", "k-123"));
		ServiceRegistry registry = mock(ServiceRegistry.class);
		given(registry.registrations()).willReturn(List.of(self));
		given(registry.leaseId()).willReturn(OptionalLong.of(42));
		ServiceDiscovery discovery = mock(ServiceDiscovery.class);
		given(discovery.cachedServices()).willReturn(List.of("orders", "stock"));
		given(discovery.instances("orders")).willReturn(List.of(self));
		given(discovery.instances("stock")).willReturn(List.of(ServiceInstance.of("stock", "s-1", "10.0.0.6", 9090)));
		given(discovery.revision()).willReturn(99L);
		this.beans.addBean("registry", registry);
		this.beans.addBean("discovery", discovery);
		EtcdDescriptor descriptor = endpoint().etcd();
		assertThat(descriptor.registrations().leaseId()).isEqualTo(42L);
		assertThat(descriptor.registrations().instances()).singleElement().satisfies((instance) -> {
			assertThat(instance.uri()).isEqualTo("http://10.0.0.5:8080");
			assertThat(instance.metadata()).containsEntry("zone", "eu-1").containsEntry("api-key", "******");
		});
		assertThat(descriptor.discovery().revision()).isEqualTo(99L);
		assertThat(descriptor.discovery().services()).containsOnlyKeys("orders", "stock");
		assertThat(descriptor.discovery().services().get("stock")).extracting("instanceId").containsExactly("s-1");
		assertThat(json(descriptor)).doesNotContain("k-123").contains("\"leaseId\":42");
	}

	@Test
	void leaseIsNullWhileThereIsNone() {
		ServiceRegistry registry = mock(ServiceRegistry.class);
		given(registry.registrations()).willReturn(List.of());
		given(registry.leaseId()).willReturn(OptionalLong.empty());
		this.beans.addBean("registry", registry);
		assertThat(endpoint().etcd().registrations().leaseId()).isNull();
	}

	private EtcdEndpoint endpoint() {
		ObjectProvider<EtcdConfigWatches> watches = this.beans.getBeanProvider(EtcdConfigWatches.class);
		// values shown, so that what is masked here is masked for its key alone
		return new EtcdEndpoint(SETTINGS, watches, this.beans.getBeanProvider(ServiceRegistry.class),
				this.beans.getBeanProvider(ServiceDiscovery.class), null,
				new dev.etcdregistry.boot.connection.EtcdProperties().getSensitiveKeys(), List.of(), Show.ALWAYS);
	}

	private static EtcdConfigWatches watches(WatchedKey... keys) {
		return () -> List.of(keys);
	}

	private static String json(Object value) {
		return JsonMapper.builder().build().writeValueAsString(value);
	}

}
