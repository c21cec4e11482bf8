package dev.etcdregistry.boot.actuate;

import java.security.Principal;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.boot.registry.EtcdRegistryAutoConfiguration;
import dev.etcdregistry.boot.config.EtcdConfigWatches;
import dev.etcdregistry.boot.config.EtcdConfigWatches.WatchedKey;
import dev.etcdregistry.boot.testsupport.UnconnectedEtcd;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.ServiceDiscovery;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EtcdEndpointWebExtension}: over HTTP, {@code management.endpoint.etcd.show-values}
 * and {@code management.endpoint.etcd.roles} decide per caller, as for Boot's {@code env}
 * endpoint. The caller is handed in as Boot's {@link SecurityContext}.
 */
class EtcdEndpointWebExtensionTests {

	private static final String MASK = "******";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdRegistryAutoConfiguration.class,
				EtcdEndpointAutoConfiguration.class))
		.withBean(EtcdConnection.class, UnconnectedEtcd::connection)
		.withBean("testConfigWatches", EtcdConfigWatches.class,
				() -> () -> List.of(new WatchedKey("/config/orders/limit", "test", 7, "10"),
						new WatchedKey("/config/orders/db.password", "test", 9, "hunter2")))
		.withBean(ServiceDiscovery.class, EtcdEndpointShowValuesTests::discovery)
		.withPropertyValues("etcd.registry.enabled=false", "etcd.discovery.enabled=false",
				"management.endpoints.web.exposure.include=etcd");

	@Test
	void neverIsTheDefaultAndMasksValuesEvenForAnAuthenticatedUser() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(EtcdEndpointProperties.class).getShowValues()).isEqualTo(Show.NEVER);
			assertThat(limit(context, user("ops", "ADMIN"))).isEqualTo(MASK);
			assertThat(zone(context, user("ops", "ADMIN"))).isEqualTo(MASK);
		});
	}

	@Test
	void alwaysShowsValuesToAnonymousCallersExceptSensitiveKeys() {
		this.contextRunner.withPropertyValues("management.endpoint.etcd.show-values=always").run((context) -> {
			assertThat(limit(context, SecurityContext.NONE)).isEqualTo("10");
			assertThat(zone(context, SecurityContext.NONE)).isEqualTo("eu-1");
			assertThat(extension(context).etcd(SecurityContext.NONE).watchedKeys().get(1).value()).isEqualTo(MASK);
		});
	}

	@Test
	void whenAuthorizedMasksValuesForAnonymousCallers() {
		this.contextRunner.withPropertyValues("management.endpoint.etcd.show-values=when-authorized")
			.run((context) -> {
				assertThat(limit(context, SecurityContext.NONE)).isEqualTo(MASK);
				assertThat(zone(context, SecurityContext.NONE)).isEqualTo(MASK);
			});
	}

	@Test
	void whenAuthorizedWithoutRolesShowsValuesToAnyAuthenticatedUser() {
		this.contextRunner.withPropertyValues("management.endpoint.etcd.show-values=when-authorized")
			.run((context) -> {
				assertThat(limit(context, user("dev"))).isEqualTo("10");
				assertThat(zone(context, user("dev"))).isEqualTo("eu-1");
			});
	}

	@Test
	void whenAuthorizedWithRolesShowsValuesOnlyToUsersInOneOfThem() {
		this.contextRunner
			.withPropertyValues("management.endpoint.etcd.show-values=when-authorized",
					"management.endpoint.etcd.roles=etcd-admin,ops")
			.run((context) -> {
				assertThat(limit(context, user("alice", "ops"))).isEqualTo("10");
				assertThat(zone(context, user("alice", "ops"))).isEqualTo("eu-1");
				assertThat(limit(context, user("bob", "dev"))).isEqualTo(MASK);
				assertThat(zone(context, user("bob", "dev"))).isEqualTo(MASK);
				assertThat(extension(context).etcd(user("alice", "ops")).watchedKeys().get(1).value())
					.as("a sensitive key, even for an authorized user")
					.isEqualTo(MASK);
			});
	}

	@Test
	void sanitizingFunctionsApplyToAuthorizedCallers() {
		this.contextRunner.withPropertyValues("management.endpoint.etcd.show-values=when-authorized")
			.withBean(SanitizingFunction.class, () -> SanitizingFunction.sanitizeValue().ifKeyEquals("zone"))
			.run((context) -> {
				assertThat(zone(context, user("dev"))).isEqualTo(MASK);
				assertThat(limit(context, user("dev"))).isEqualTo("10");
			});
	}

	@Test
	void noWebExtensionWhenTheEndpointIsOnlyExposedOverJmx() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=health", "spring.jmx.enabled=true",
					"management.endpoints.jmx.exposure.include=etcd")
			.run((context) -> {
				assertThat(context).hasSingleBean(EtcdEndpoint.class);
				assertThat(context).doesNotHaveBean(EtcdEndpointWebExtension.class);
			});
	}

	@Test
	void backsOffFromUserDefinedWebExtension() {
		this.contextRunner
			.withBean("customExtension", EtcdEndpointWebExtension.class,
					() -> new EtcdEndpointWebExtension(null, Show.NEVER, Set.of()))
			.run((context) -> assertThat(context).getBean(EtcdEndpointWebExtension.class)
				.isSameAs(context.getBean("customExtension")));
	}

	private static String limit(AssertableWebApplicationContext context, SecurityContext caller) {
		return extension(context).etcd(caller).watchedKeys().get(0).value();
	}

	private static String zone(AssertableWebApplicationContext context, SecurityContext caller) {
		return extension(context).etcd(caller).discovery().services().get("orders").get(0).metadata().get("zone");
	}

	private static EtcdEndpointWebExtension extension(AssertableWebApplicationContext context) {
		return context.getBean(EtcdEndpointWebExtension.class);
	}

	/** An authenticated caller holding the given roles. */
	private static SecurityContext user(String name, String... roles) {
		Principal principal = () -> name;
		return new SecurityContext() {

			@Override
			public Principal getPrincipal() {
				return principal;
			}

			@Override
			public boolean isUserInRole(String role) {
				return Set.of(roles).contains(role);
			}

		};
	}

}
