package dev.etcdregistry.boot.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.etcdregistry.boot.actuate.EtcdEndpoint.EtcdDescriptor;
import dev.etcdregistry.boot.actuate.EtcdEndpoint.InstanceDescriptor;
import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.boot.registry.EtcdRegistryAutoConfiguration;
import dev.etcdregistry.boot.config.EtcdConfigWatches;
import dev.etcdregistry.boot.config.EtcdConfigWatches.WatchedKey;
import dev.etcdregistry.boot.testsupport.UnconnectedEtcd;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * {@code management.endpoint.etcd.show-values} and {@link SanitizingFunction} beans, read
 * through the endpoint's own operation (what JMX and direct callers get). Per-caller decisions
 * over HTTP are in {@link EtcdEndpointWebExtensionTests}.
 */
class EtcdEndpointShowValuesTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdRegistryAutoConfiguration.class,
				EtcdEndpointAutoConfiguration.class))
		.withBean(EtcdConnection.class, UnconnectedEtcd::connection)
		.withBean("testConfigWatches", EtcdConfigWatches.class, EtcdEndpointShowValuesTests::watches)
		.withBean(ServiceDiscovery.class, EtcdEndpointShowValuesTests::discovery)
		.withPropertyValues("etcd.registry.enabled=false", "etcd.discovery.enabled=false",
				"management.endpoints.web.exposure.include=etcd");

	@Test
	void valuesAreMaskedByDefault() {
		this.contextRunner.run((context) -> {
			EtcdDescriptor descriptor = context.getBean(EtcdEndpoint.class).etcd();
			assertThat(descriptor.watchedKeys()).extracting("key", "value")
				.containsExactly(tuple("/config/orders/limit", "******"),
						tuple("/config/orders/db.password", "******"), tuple("/config/orders/absent", null));
			InstanceDescriptor instance = descriptor.discovery().services().get("orders").get(0);
			assertThat(instance.metadata()).containsExactly(Map.entry("zone", "******"),
					Map.entry("api-key", "******"));
			assertThat(instance.host()).as("where an instance listens is not a value").isEqualTo("10.0.0.5");
		});
	}

	@Test
	void alwaysShowsValuesButSensitiveKeysStayMasked() {
		this.contextRunner.withPropertyValues("management.endpoint.etcd.show-values=always").run((context) -> {
			EtcdDescriptor descriptor = context.getBean(EtcdEndpoint.class).etcd();
			assertThat(descriptor.watchedKeys()).extracting("value").containsExactly("10", "******", null);
			assertThat(descriptor.discovery().services().get("orders").get(0).metadata())
				.containsExactly(Map.entry("zone", "eu-1"), Map.entry("api-key", "******"));
		});
	}

	@Test
	void whenAuthorizedShowsValuesToCallersOutsideTheWeb() {
		// as Boot's env endpoint: JMX access is authorized by whoever could reach the MBean
		this.contextRunner.withPropertyValues("management.endpoint.etcd.show-values=when-authorized")
			.run((context) -> assertThat(context.getBean(EtcdEndpoint.class).etcd().watchedKeys()).extracting("value")
				.containsExactly("10", "******", null));
	}

	@Test
	void sanitizingFunctionBeansAreAppliedToShownValues() {
		this.contextRunner.withPropertyValues("management.endpoint.etcd.show-values=always")
			.withBean("hideZones", SanitizingFunction.class,
					() -> SanitizingFunction.sanitizeValue().ifKeyEquals("zone"))
			.withBean("redactLimits", SanitizingFunction.class,
					() -> (data) -> data.getKey().endsWith("/limit") ? data.withValue("[redacted]") : data)
			.run((context) -> {
				EtcdDescriptor descriptor = context.getBean(EtcdEndpoint.class).etcd();
				assertThat(descriptor.watchedKeys()).extracting("value").containsExactly("[redacted]", "******", null);
				assertThat(descriptor.discovery().services().get("orders").get(0).metadata())
					.containsExactly(Map.entry("zone", "******"), Map.entry("api-key", "******"));
			});
	}

	@Test
	void emptySensitiveKeysLeaveShownValuesToShowValuesAlone() {
		this.contextRunner
			.withPropertyValues("management.endpoint.etcd.show-values=always", "etcd.sensitive-keys=")
			.run((context) -> assertThat(context.getBean(EtcdEndpoint.class).etcd().watchedKeys()).extracting("value")
				.containsExactly("10", "hunter2", null));
	}

	private static EtcdConfigWatches watches() {
		return () -> List.of(new WatchedKey("/config/orders/limit", "test", 7, "10"),
				new WatchedKey("/config/orders/db.password", "test", 9, "hunter2"),
				new WatchedKey("/config/orders/absent", "test", 0, null));
	}

	/** Holds one instance with an ordinary and a sensitive metadata entry, in that order. */
	static ServiceDiscovery discovery() {
		Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put("zone", "eu-1");
		metadata.put("api-key", "k-123");
		ServiceDiscovery discovery = mock(ServiceDiscovery.class);
		given(discovery.cachedServices()).willReturn(List.of("orders"));
		given(discovery.instances("orders"))
			.willReturn(List.of(ServiceInstance.of("orders", "orders-1", "10.0.0.5", 8080).withMetadata(metadata)));
		return discovery;
	}

}
